import EvalKit
import YAMLLite
import FakeModelServer
import Foundation
import Testing

/// Helpers shared by the provider tests, which run against an in-process FakeModelServer.
enum ProviderTestSupport {
    /// The error an attempt ended with, or nil when it answered.
    static func error(of attempt: () async throws(ProviderError) -> ModelResponse) async -> ProviderError? {
        do {
            _ = try await attempt()
            return nil
        } catch {
            return error
        }
    }
    /// The recorded request's body as a JSON object (empty when it is not one).
    static func json(_ request: FakeModelServer.RecordedRequest?) -> [String: Any] {
        request?.jsonBody ?? [:]
    }

    /// A suite file whose targets start at the given lines, for pointing diagnostics into.
    static func suite(text: String, targets: [Suite.Target]) -> Suite {
        Suite(
            name: "providers", source: SourceFile(path: "suites/providers.yaml-lite", text: text),
            directory: URL(fileURLWithPath: "/tmp"), defaultTarget: targets.first?.name ?? "", targets: targets, cases: [])
    }

    static func url(_ text: String) -> URL {
        URL(string: text)!
    }

    /// A Gemini error body with optional `details`.
    static func geminiError(_ code: Int, _ status: String, _ message: String, details: String = "[]") -> String {
        #"{"error": {"code": \#(code), "message": "\#(message)", "status": "\#(status)", "details": \#(details)}}"#
    }
}

/// An HTTP error answer and how a provider must classify it.
struct HTTPErrorCase: Sendable, CustomTestStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: String
    var kind: ProviderError.Kind
    var retryAfter: Double?
    /// The start of the error's message.
    var message: String

    init(_ status: Int, _ headers: [String: String], _ body: String, _ kind: ProviderError.Kind, _ retryAfter: Double?, _ message: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.kind = kind
        self.retryAfter = retryAfter
        self.message = message
    }

    var testDescription: String { "HTTP \(status) \(body.prefix(60))" }
}
