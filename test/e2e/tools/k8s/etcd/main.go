// Command etcd is the upstream etcd server (go.etcd.io/etcd/server/v3/etcdmain), built at the
// version kube-apiserver is tested with.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
