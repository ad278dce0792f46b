// Package core is gostream's engine: addresses, handles, sockets and the
// poller. It is plain Go and knows nothing of C or PHP; cgo/ converts types
// at the boundary and php-ext/ gives PHP its familiar functions.
//
// I/O model: sockets are raw non-blocking descriptors made with x/sys/unix,
// kept out of Go's netpoller. The calling thread does the system calls and
// waits in poll(2) or epoll_wait(2), so a signal interrupts a wait at once
// (EINTR) and no message crosses between threads.
package core
