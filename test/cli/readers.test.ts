import { describe, expect, it } from "vitest";
import { readers } from "../../lib/cli/readers";
import { importers } from "../../lib/importers";

describe("modelship CLI readers", () => {
  it("are the importers, in their order, with the importers' own detection rules", async () => {
    expect(readers.map((reader) => reader.name)).toEqual(importers.map((importer) => importer.name));
    for (const [i, reader] of readers.entries()) {
      expect(reader.detect).toBe(importers[i].detect);
      expect(await reader.load()).toBe(importers[i]);
    }
  });
});
