//go:build linux && (amd64 || arm64)

package safefile

import (
	"os"
	"syscall"
	"time"
)

// startWriteback asks the kernel, every tenth of a second while a large file is
// being written, to start writing what is dirty to disk (sync_file_range with
// SYNC_FILE_RANGE_WRITE, which does not wait): the fsync that ends Write then
// has little left to wait for. stop ends it.
func startWriteback(f *os.File) (stop func()) {
	rc, err := f.SyscallConn()
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				rc.Control(func(fd uintptr) {
					const syncFileRangeWrite = 2
					syscall.Syscall6(syscall.SYS_SYNC_FILE_RANGE, fd, 0, 0, syncFileRangeWrite, 0, 0)
				})
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
