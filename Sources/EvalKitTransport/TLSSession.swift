#if os(Linux)
import CTLS
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The OpenSSL side of one https connection: a client session on a connected non-blocking socket,
/// stepped by its connection when epoll says the socket is ready, on the loop's thread.
///
/// Every step says what it needs next (`wantRead`, `wantWrite`) instead of blocking. The session
/// checks the certificate chain against its ``TLSTrust`` and the host name or IP address of the URL;
/// there is no way to skip either.
final class TLSSession {
    enum Handshake {
        case done
        case wantRead
        case wantWrite
        /// The server spoke no TLS we accept, or its certificate failed verification.
        case failed(PlainHTTPTransport.TLSFailure)
        /// The connection closed or broke during the handshake.
        case lost
    }

    enum Step {
        /// Bytes moved.
        case moved(Int)
        case wantRead
        case wantWrite
        /// The server closed the TLS session cleanly (close_notify).
        case closed
        /// The connection broke: reset by the peer, or a TLS error.
        case broke(reset: Bool)
    }

    private let ssl: OpaquePointer
    let host: String

    /// Nil when OpenSSL cannot make a session for this host and socket.
    init?(trust: TLSTrust, fd: Int32, host: String) {
        guard let ssl = ctls_client_session(trust.context, fd, host) else {
            ctls_clear_errors()
            return nil
        }
        self.ssl = ssl
        self.host = host
    }

    deinit {
        SSL_free(ssl)
    }

    func handshake() -> Handshake {
        ctls_clear_errors()
        let result = SSL_connect(ssl)
        if result == 1 { return .done }
        let error = SSL_get_error(ssl, result)
        switch error {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_SSL:
            let verification = Int32(SSL_get_verify_result(ssl))
            if verification != X509_V_OK {
                ctls_clear_errors()
                return .failed(.init(verification: verification, host: host))
            }
            return .failed(.init(reason: .handshake, host: host, detail: TLSTrust.errorText()))
        default:
            ctls_clear_errors()
            return .lost
        }
    }

    func write(_ bytes: UnsafeRawPointer, count: Int) -> Step {
        ctls_clear_errors()
        return step(SSL_write(ssl, bytes, Int32(clamping: count)))
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Step {
        ctls_clear_errors()
        return step(SSL_read(ssl, buffer, Int32(clamping: count)))
    }

    /// Whether the server closed this idle session or sent data nobody asked for; records such as
    /// TLS 1.3 session tickets are consumed on the way and do not count.
    var isStale: Bool {
        var byte: UInt8 = 0
        switch read(peeking: &byte) {
        case .wantRead, .wantWrite: return false
        default: return true
        }
    }

    /// Sends close_notify once, without waiting for the server's.
    func shutdown() {
        ctls_clear_errors()
        SSL_shutdown(ssl)
        ctls_clear_errors()
    }

    private func read(peeking byte: UnsafeMutablePointer<UInt8>) -> Step {
        ctls_clear_errors()
        return step(SSL_peek(ssl, byte, 1))
    }

    private func step(_ result: Int32) -> Step {
        if result > 0 { return .moved(Int(result)) }
        let error = SSL_get_error(ssl, result)
        let reset = errno == ECONNRESET || errno == EPIPE
        ctls_clear_errors()
        switch error {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL: return .broke(reset: reset)
        default: return .broke(reset: false)
        }
    }
}

extension PlainHTTPTransport {
    /// Why a TLS connection could not be made, worded for the user with what to do about it.
    public struct TLSFailure: Error, Equatable, Sendable {
        enum Reason: Equatable, Sendable {
            /// Self-signed, or signed by a CA this client does not trust.
            case untrusted
            case expired
            case notYetValid
            /// The certificate names neither the URL's host name nor its IP address.
            case wrongHost
            /// Another verification failure, named in `detail`.
            case rejected
            /// No certificate problem: the handshake itself failed (not TLS, no common version or cipher).
            case handshake
        }

        var reason: Reason
        var host: String
        /// OpenSSL's words, where they add something.
        var detail: String

        init(reason: Reason, host: String, detail: String = "") {
            self.reason = reason
            self.host = host
            self.detail = detail
        }

        /// The failure that an X509 verification result stands for.
        init(verification code: Int32, host: String) {
            let reason: Reason
            switch code {
            case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
                 X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_UNTRUSTED:
                reason = .untrusted
            case X509_V_ERR_CERT_HAS_EXPIRED: reason = .expired
            case X509_V_ERR_CERT_NOT_YET_VALID: reason = .notYetValid
            case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH: reason = .wrongHost
            default: reason = .rejected
            }
            self.init(reason: reason, host: host, detail: X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)")
        }

        public var message: String {
            switch reason {
            case .untrusted:
                "TLS: certificate of \(host) is not trusted (self-signed or unknown CA): set ca_file or SSL_CERT_FILE"
            case .expired:
                "TLS: certificate of \(host) has expired: renew the server's certificate (or check this machine's clock)"
            case .notYetValid:
                "TLS: certificate of \(host) is not valid yet: check this machine's clock or the server's certificate"
            case .wrongHost:
                "TLS: certificate of \(host) does not name \(host) (host name mismatch): use a host name the certificate names in the URL, or fix the server's certificate"
            case .rejected:
                "TLS: certificate of \(host) was rejected (\(detail)): fix the server's certificate, or set ca_file or SSL_CERT_FILE"
            case .handshake:
                "TLS: handshake with \(host) failed" + (detail.isEmpty ? "" : " (\(detail))") + ": check that the URL's port serves https with TLS 1.2 or later, or use http://"
            }
        }
    }
}
#endif
