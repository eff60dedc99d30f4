#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Linux's epoll and eventfd, which the Glibc module does not import, bound at run time from the C library.
///
/// The functions are looked up once with `dlsym`; an event is written and read as raw bytes because
/// `struct epoll_event` is packed on x86_64 (12 bytes, data at offset 4) and not elsewhere.
enum EPoll {
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let readHangUp: UInt32 = 0x2000

    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    private static let closeOnExec: Int32 = 0o2000000
    private static let nonBlocking: Int32 = 0o4000
    private static let add: Int32 = 1
    private static let delete: Int32 = 2
    private static let modify: Int32 = 3

    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFD = @convention(c) (UInt32, Int32) -> Int32

    private struct Functions: @unchecked Sendable {
        var create: Create
        var control: Control
        var wait: Wait
        var eventFD: EventFD
    }

    private static let functions: Functions? = {
        guard let library = dlopen(nil, RTLD_NOW),
              let create = dlsym(library, "epoll_create1"),
              let control = dlsym(library, "epoll_ctl"),
              let wait = dlsym(library, "epoll_wait"),
              let eventFD = dlsym(library, "eventfd")
        else { return nil }
        return Functions(
            create: unsafeBitCast(create, to: Create.self), control: unsafeBitCast(control, to: Control.self),
            wait: unsafeBitCast(wait, to: Wait.self), eventFD: unsafeBitCast(eventFD, to: EventFD.self))
    }()

    /// Whether epoll could be bound; when not, callers use another transport.
    static var isAvailable: Bool { functions != nil }

    /// A new epoll instance (close-on-exec), or -1.
    static func create() -> Int32 {
        functions?.create(closeOnExec) ?? -1
    }

    /// A new non-blocking, close-on-exec eventfd counter, or -1.
    static func eventFD() -> Int32 {
        functions?.eventFD(0, closeOnExec | nonBlocking) ?? -1
    }

    @discardableResult
    static func add(_ epoll: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        control(epoll, add, fd, events: events, token: token)
    }

    @discardableResult
    static func modify(_ epoll: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        control(epoll, modify, fd, events: events, token: token)
    }

    @discardableResult
    static func remove(_ epoll: Int32, _ fd: Int32) -> Int32 {
        control(epoll, delete, fd, events: 0, token: 0)
    }

    private static func control(_ epoll: Int32, _ operation: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Int32 {
        guard let functions else { return -1 }
        return withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: dataOffset, as: UInt64.self)
            return functions.control(epoll, operation, fd, raw.baseAddress)
        }
    }

    /// Waits for events into `buffer` (room for `capacity` events); the count, 0 on timeout, -1 on error.
    static func wait(_ epoll: Int32, _ buffer: UnsafeMutableRawPointer, capacity: Int32, timeoutMilliseconds: Int32) -> Int32 {
        functions?.wait(epoll, buffer, capacity, timeoutMilliseconds) ?? -1
    }

    /// The events and token of the `index`th event in a buffer filled by `wait`.
    static func event(in buffer: UnsafeMutableRawPointer, at index: Int) -> (events: UInt32, token: UInt64) {
        let base = buffer + index * eventSize
        return (base.loadUnaligned(as: UInt32.self), base.loadUnaligned(fromByteOffset: dataOffset, as: UInt64.self))
    }
}
#endif
