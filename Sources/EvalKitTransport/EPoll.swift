#if os(Linux)
import CSystem

/// Linux's epoll and eventfd, which the Glibc module does not import, through the CSystem C target.
enum EPoll {
    static let input = UInt32(CSYS_EPOLL_IN)
    static let output = UInt32(CSYS_EPOLL_OUT)
    static let error = UInt32(CSYS_EPOLL_ERR)
    static let hangUp = UInt32(CSYS_EPOLL_HUP)
    static let readHangUp = UInt32(CSYS_EPOLL_RDHUP)
    /// `EPOLLET` (Linux's value, the same on every architecture): an event per change, not per ready state.
    static let edgeTriggered: UInt32 = 1 << 31

    typealias Event = csys_epoll_event

    /// A new epoll instance (close-on-exec), or -1.
    static func create() -> Int32 {
        csys_epoll_create()
    }

    /// A new non-blocking, close-on-exec eventfd counter, or -1.
    static func eventFD() -> Int32 {
        csys_eventfd()
    }

    @discardableResult
    static func add(_ epoll: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        csys_epoll_add(epoll, fd, events, token)
    }

    @discardableResult
    static func modify(_ epoll: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        csys_epoll_modify(epoll, fd, events, token)
    }

    @discardableResult
    static func remove(_ epoll: Int32, _ fd: Int32) -> Int32 {
        csys_epoll_remove(epoll, fd)
    }

    /// Waits for events into `buffer`; the count, 0 on timeout, -1 on error.
    static func wait(_ epoll: Int32, _ buffer: UnsafeMutableBufferPointer<Event>, timeoutMilliseconds: Int32) -> Int32 {
        csys_epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), timeoutMilliseconds)
    }
}
#endif
