#ifndef CSYSTEM_H
#define CSYSTEM_H

// Linux system calls that Swift's Glibc module does not export (epoll, eventfd, pipe2,
// posix_spawn_file_actions_addchdir_np), for EvalKit's transport and process runner.

#include <spawn.h>
#include <stdint.h>

#ifdef __linux__

/// One ready descriptor as `csys_epoll_wait` reports it: the kernel's `struct epoll_event` is
/// packed on x86_64 and not elsewhere, so Swift reads this plain copy instead.
typedef struct {
    uint32_t events;
    uint64_t token;
} csys_epoll_event;

/// The event bits and control operations of epoll(7).
enum {
    CSYS_EPOLL_IN = 0x001,
    CSYS_EPOLL_OUT = 0x004,
    CSYS_EPOLL_ERR = 0x008,
    CSYS_EPOLL_HUP = 0x010,
    CSYS_EPOLL_RDHUP = 0x2000,
};

/// A new close-on-exec epoll instance, or -1 with errno set.
int csys_epoll_create(void);

/// Adds `fd` to `epoll` with these events and token: 0, or -1 with errno set.
int csys_epoll_add(int epoll, int fd, uint32_t events, uint64_t token);

/// Changes the events and token of `fd` in `epoll`: 0, or -1 with errno set.
int csys_epoll_modify(int epoll, int fd, uint32_t events, uint64_t token);

/// Removes `fd` from `epoll`: 0, or -1 with errno set.
int csys_epoll_remove(int epoll, int fd);

/// Waits up to `timeout_ms` (-1: forever) for at most `capacity` (≤ 1024) events into `events`:
/// their count, 0 on timeout, -1 with errno set.
int csys_epoll_wait(int epoll, csys_epoll_event *events, int capacity, int timeout_ms);

/// A new non-blocking, close-on-exec eventfd counter starting at 0, or -1 with errno set.
int csys_eventfd(void);

#endif

/// A pipe whose two ends are close-on-exec from the start: 0, or -1 with errno set.
int csys_pipe(int fds[2]);

/// Makes the spawned child change to `path` before it executes (glibc 2.29 or later).
int csys_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Makes the spawned child close every descriptor from `from` up before it executes (glibc 2.34
/// or later), so that it holds none of ours: not a socket, and not a file being written, which
/// would make executing that file fail with "Text file busy" while the child lives.
int csys_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

#endif
