import EvalKitTransport
#if os(Linux)
import Foundation

extension HTTPClient.Delegate.Failure {
    /// The URLSession failure that a plain transport failure stands for, so both are worded alike.
    init(_ failure: PlainHTTPTransport.Failure) {
        switch failure {
        case .cancelled: self = .transport(.cancelled)
        case .timedOut: self = .transport(.timedOut)
        case .cannotResolve: self = .transport(.cannotFindHost)
        case .cannotConnect: self = .transport(.cannotConnectToHost)
        case .connectionLost: self = .transport(.networkConnectionLost)
        case .malformed: self = .transport(.badServerResponse)
        case .tooLarge: self = .tooLarge
        case .unsupported: self = .transport(.unsupportedURL)
        case .tls: self = .transport(.secureConnectionFailed)
        }
    }
}
#endif
