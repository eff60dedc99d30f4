#if os(Linux)
import Synchronization

extension PlainHTTPTransport {
    /// One request on its way: its bytes, where they go, and the waiter to resume with the outcome.
    ///
    /// The caller sets `continuation` before handing the exchange to the loop; from then on only
    /// the loop's thread touches it, except `markCancelled`, which any thread may call.
    final class Exchange: @unchecked Sendable {
        /// Where it is on the loop.
        enum Stage {
            case new
            case waiting
            case active(PlainHTTPConnection)
            case done
        }

        /// `scheme://host:port`, naming the pool of connections it may use.
        let origin: String
        /// For `https`, the host name or address the server's certificate must name.
        let tlsHost: String?
        let addresses: [HostResolver.Address]
        /// The whole request: head and body.
        let message: [UInt8]
        /// A `HEAD` request, whose response has no body.
        let bodiless: Bool
        var continuation: UnsafeContinuation<Result<HTTPResponse, Failure>, Never>?
        var stage = Stage.new
        /// It already went again on a fresh connection after a kept-alive one failed.
        var retried = false
        private let cancelled = Atomic(false)

        init(origin: String, tlsHost: String? = nil, addresses: [HostResolver.Address], message: [UInt8], bodiless: Bool) {
            self.origin = origin
            self.tlsHost = tlsHost
            self.addresses = addresses
            self.message = message
            self.bodiless = bodiless
        }

        var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

        func markCancelled() {
            cancelled.store(true, ordering: .releasing)
        }

        var isDone: Bool {
            if case .done = stage { return true }
            return false
        }

        /// Resumes the waiter once; later calls do nothing.
        func finish(_ result: Result<HTTPResponse, Failure>) {
            guard !isDone, let continuation else { return }
            stage = .done
            self.continuation = nil
            continuation.resume(returning: result)
        }
    }
}
#endif
