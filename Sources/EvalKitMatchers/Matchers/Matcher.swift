import Foundation
import EvalKitSupport

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
    /// The text the output was compared with, raw, when there is one to diff against (`exact`, `similar`, …).
    public var expected: String?
    /// The output as the matcher saw it, raw, when the result is not a pass.
    public var actual: String?
    /// More than the message can hold, raw, for the report (a `script`'s stderr, say).
    public var details: String?

    public init(_ status: Status, matcher: String, message: String, expected: String? = nil, actual: String? = nil, details: String? = nil) {
        self.status = status
        self.matcher = matcher
        self.message = message
        self.expected = expected
        self.actual = actual
        self.details = details
    }

    public var passed: Bool { status == .passed }
}

/// A named check of a model's output; a pure value, composable with `not`, `all` and `any`.
public protocol Matcher: Sendable, CustomStringConvertible {
    /// The name a suite uses for it (`exact`, `regex`, …).
    var name: String { get }
    func evaluate(_ output: String, in context: MatchContext) async -> MatchResult
    /// What the matcher expects, worded to follow "expected " in a message: `to contain "x"`, or
    /// with `negated`, what `not` expects of it: `not to contain "x"`.
    func expectation(negated: Bool) -> String
}

extension Matcher {
    public func expectation(negated: Bool) -> String {
        negated ? "not to satisfy \(description)" : "to satisfy \(description)"
    }

    /// Evaluates the output with a default context (no prompt, no case, the current folder).
    public func evaluate(_ output: String) async -> MatchResult {
        await evaluate(output, in: MatchContext())
    }

    /// A pass or a failure of this matcher: `expected <expectation>, got "<output>"<detail>`.
    func verdict(_ passed: Bool, output: String, detail: String = "", expected: String? = nil) -> MatchResult {
        if passed { return MatchResult(.passed, matcher: name, message: "passed \(description)") }
        return MatchResult(
            .failed, matcher: name, message: "expected \(expectation(negated: false)), got \(Visible.quoted(output))\(detail)",
            expected: expected, actual: output)
    }
}
