#if canImport(CTLS)
import CTLS
#endif

/// The certificates an https client trusts: the system's default paths (which honour the process's
/// `SSL_CERT_FILE` and `SSL_CERT_DIR`), plus PEM bundles named here (a target's `ca_file`, the
/// `SSL_CERT_FILE` of the environment a run was given). Verification is always on.
///
/// It holds one OpenSSL client context, shared by every connection of one client.
public final class TLSTrust: @unchecked Sendable {
    /// A PEM bundle that could not be loaded.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot load '\(path)' as PEM certificates: \(reason)" }
    }

    /// The PEM bundles added to the system's roots, in order.
    public let files: [String]
    #if canImport(CTLS)
    /// The `SSL_CTX`, freed with this object.
    let context: OpaquePointer
    #endif

    /// Trusts the system's roots and every certificate in `files`; throws for the first file that
    /// cannot be read or holds no certificate.
    public init(files: [String] = []) throws(LoadError) {
        self.files = files
        #if canImport(CTLS)
        guard let context = ctls_client_context() else {
            throw LoadError(path: files.first ?? "", reason: "OpenSSL could not make a TLS client context (\(Self.errorText()))")
        }
        for path in files where ctls_add_trusted_file(context, path) != 1 {
            let reason = Self.errorText()
            SSL_CTX_free(context)
            throw LoadError(path: path, reason: reason.isEmpty ? "unreadable or no certificate in it" : reason)
        }
        self.context = context
        #endif
    }

    deinit {
        #if canImport(CTLS)
        SSL_CTX_free(context)
        #endif
    }

    /// The system's roots only, made on first use; nil when OpenSSL cannot make a context.
    public static let system: TLSTrust? = try? TLSTrust()

    #if canImport(CTLS)
    /// OpenSSL's oldest queued error as text, clearing the queue.
    static func errorText() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        ctls_error_text(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
}
