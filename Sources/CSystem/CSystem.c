#define _GNU_SOURCE
#include "CSystem.h"

#include <fcntl.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>

_Static_assert(CSYS_EPOLL_IN == EPOLLIN && CSYS_EPOLL_OUT == EPOLLOUT && CSYS_EPOLL_ERR == EPOLLERR
                   && CSYS_EPOLL_HUP == EPOLLHUP && CSYS_EPOLL_RDHUP == EPOLLRDHUP,
               "epoll event bits");

int csys_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

static int control(int epoll, int operation, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = {.events = events, .data.u64 = token};
    return epoll_ctl(epoll, operation, fd, &event);
}

int csys_epoll_add(int epoll, int fd, uint32_t events, uint64_t token) {
    return control(epoll, EPOLL_CTL_ADD, fd, events, token);
}

int csys_epoll_modify(int epoll, int fd, uint32_t events, uint64_t token) {
    return control(epoll, EPOLL_CTL_MOD, fd, events, token);
}

int csys_epoll_remove(int epoll, int fd) {
    return control(epoll, EPOLL_CTL_DEL, fd, 0, 0);
}

int csys_epoll_wait(int epoll, csys_epoll_event *events, int capacity, int timeout_ms) {
    struct epoll_event ready[1024];
    if (capacity > 1024) capacity = 1024;
    int count = epoll_wait(epoll, ready, capacity, timeout_ms);
    for (int index = 0; index < count; index++) {
        events[index].events = ready[index].events;
        events[index].token = ready[index].data.u64;
    }
    return count;
}

int csys_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

#endif

int csys_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int csys_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int csys_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
