import Foundation

/// What a matcher may need beyond the output: the case it judges and where its suite lives.
public struct MatchContext: Sendable {
    public var prompt: String
    public var caseID: String
    /// The suite file's folder; `script` runs there.
    public var directory: URL
    /// The case's timeout; a `script` running longer is killed and the result is `.error`.
    public var timeout: Duration

    public init(prompt: String = "", caseID: String = "", directory: URL = URL(fileURLWithPath: "."), timeout: Duration = .seconds(60)) {
        self.prompt = prompt
        self.caseID = caseID
        self.directory = directory
        self.timeout = timeout
    }
}

/// The verdict of one matcher on one output, with a message in the style of XCTest failures.
public struct MatchResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case passed, failed, error
    }

    public var status: Status
    /// The matcher that decided: for a combinator, the failing inner one's name or its own.
    public var matcher: String
    /// One line: `expected "2", got "two"`.
    public var message: String

    public init(_ status: Status, matcher: String, message: String) {
        self.status = status
        self.matcher = matcher
        self.message = message
    }

    public var passed: Bool { status == .passed }
}

/// A named check of a model's output; a pure value, composable with `not`, `all` and `any`.
public protocol Matcher: Sendable, CustomStringConvertible {
    /// The name a suite uses for it (`exact`, `regex`, …).
    var name: String { get }
    func evaluate(_ output: String, in context: MatchContext) async -> MatchResult
}
