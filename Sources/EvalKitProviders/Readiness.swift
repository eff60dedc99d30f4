import Foundation

/// Whether a target can answer, as `evals check --remote` asks it (SPEC §10.4), without running cases.
public struct Readiness: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case ready
        case notFound = "not-found"
        case notReady = "not-ready"
        case authFailed = "auth-failed"
        case tlsError = "tls-error"
        case unreachable
        case error
    }

    public var status: Status
    /// One line saying what was found or what to fix; never holds a key.
    public var detail: String

    public init(_ status: Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    /// The readiness an error of a request means: 401/403 `auth-failed`, 404 `not-found`, a TLS
    /// failure `tls-error`, a connection or timeout failure `unreachable`, anything else `error`.
    public init(_ error: ProviderError) {
        switch error.httpStatus {
        case 401?, 403?: self.init(.authFailed, error.message)
        case 404?: self.init(.notFound, error.message)
        case .some: self.init(.error, error.message)
        case nil where error.message.contains("TLS"): self.init(.tlsError, error.message)
        case nil where error.kind == .transient: self.init(.unreachable, error.message)
        case nil: self.init(.error, error.message)
        }
    }
}

/// A provider that can say whether its target is ready without running a case.
public protocol ReadinessProbing: Sendable {
    /// Asks once; `firstCase` is the request of the suite's first selected case, for providers
    /// whose only question is a real request.
    func readiness(firstCase: ModelRequest) async -> Readiness
}
