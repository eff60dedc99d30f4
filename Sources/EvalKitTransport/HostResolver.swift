#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Synchronization

/// Turns a host name and port into socket addresses with `getaddrinfo`, off the caller's thread, remembering answers for a minute.
///
/// A caller whose task is cancelled during a lookup gets nil at once; the lookup finishes on its own.
final class HostResolver: Sendable {
    /// One address to connect to: a `sockaddr_in` or `sockaddr_in6`, as bytes.
    struct Address: Sendable, Equatable {
        var family: Int32
        var bytes: [UInt8]
    }

    private struct Entry {
        var addresses: [Address]
        var expires: UInt64
    }

    private static let lifetime: UInt64 = 60_000_000_000
    private let cache = Mutex<[String: Entry]>([:])

    init() {}

    /// The addresses of `host` (a name, an IPv4 literal or an IPv6 literal without brackets), in `getaddrinfo`'s order; nil when it has none or the task was cancelled.
    func resolve(host: String, port: Int) async -> [Address]? {
        let key = "\(host) \(port)"
        let now = DispatchTime.now().uptimeNanoseconds
        if let cached = cache.withLock({ $0[key] }), cached.expires > now {
            return cached.addresses
        }
        let waiter = Waiter()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard waiter.wait(continuation) else { return }
                DispatchQueue.global().async { [self] in
                    let addresses = Self.lookUp(host: host, port: port)
                    if let addresses {
                        cache.withLock { $0[key] = Entry(addresses: addresses, expires: now + Self.lifetime) }
                    }
                    waiter.resume(addresses)
                }
            }
        } onCancel: {
            waiter.resume(nil)
        }
    }

    /// The caller of one lookup, resumed once: by the answer, or with nil when its task is cancelled first.
    private final class Waiter: Sendable {
        private enum State {
            case idle
            case waiting(CheckedContinuation<[Address]?, Never>)
            case done
        }

        private let state = Mutex(State.idle)

        /// Keeps `continuation` until `resume`; false (and resumed with nil) if cancellation came first.
        func wait(_ continuation: CheckedContinuation<[Address]?, Never>) -> Bool {
            let waiting = state.withLock { state -> Bool in
                guard case .idle = state else { return false }
                state = .waiting(continuation)
                return true
            }
            if !waiting { continuation.resume(returning: nil) }
            return waiting
        }

        func resume(_ addresses: [Address]?) {
            let continuation = state.withLock { state -> CheckedContinuation<[Address]?, Never>? in
                defer { state = .done }
                if case .waiting(let continuation) = state { return continuation }
                return nil
            }
            continuation?.resume(returning: addresses)
        }
    }

    /// A blocking `getaddrinfo` for stream sockets of any family.
    static func lookUp(host: String, port: Int) -> [Address]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else { return nil }
        defer { freeaddrinfo(list) }
        var addresses: [Address] = []
        var node: UnsafeMutablePointer<addrinfo>? = list
        while let current = node {
            let info = current.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
                let candidate = Address(family: info.ai_family, bytes: bytes)
                if !addresses.contains(candidate) { addresses.append(candidate) }
            }
            node = info.ai_next
        }
        return addresses.isEmpty ? nil : addresses
    }
}
#endif
