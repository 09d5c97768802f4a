import fs from "node:fs";
import { toYamlDocuments } from "./yaml";

const FLUSH_CHARS = 1 << 20;

/**
 * Writes a multi-document YAML file from groups of objects (e.g. one construct's objects at a
 * time), as they are produced: each group is written to text and dropped, in 1 MiB writes, so
 * memory stays flat for any number of objects. The text goes to a temporary file beside `file`
 * that is renamed into place only when every group has been produced: if producing one throws
 * (a validation error), the temporary file is removed and `file` is left as it was.
 *
 * Returns the number of objects written.
 */
export function writeYamlFile(file: string, groups: Iterable<readonly unknown[]>): number {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, "w");
  let count = 0;
  try {
    let buffer = "";
    for (const group of groups) {
      if (group.length === 0) continue;
      buffer += (count === 0 ? "" : "---\n") + toYamlDocuments(group);
      count += group.length;
      if (buffer.length > FLUSH_CHARS) {
        fs.writeSync(fd, buffer);
        buffer = "";
      }
    }
    if (buffer) fs.writeSync(fd, buffer);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, file);
  return count;
}
