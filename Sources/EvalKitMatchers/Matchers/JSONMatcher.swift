import Foundation
import EvalKitSupport

/// `json: {}`: the trimmed output parses as JSON; with `equals: J` it equals J, with
/// `contains: J` J is a recursive subset of it.
public struct JSONMatcher: Matcher {
    public enum Mode: Sendable, Equatable {
        case valid
        case equals(JSONPattern)
        case contains(JSONPattern)
    }

    public var mode: Mode

    public init(_ mode: Mode = .valid) {
        self.mode = mode
    }

    /// Equality with JSON text.
    public init(equals jsonText: String) throws(JSONValue.ParseError) {
        self.mode = .equals(try JSONPattern(jsonText: jsonText))
    }

    /// A recursive subset given as JSON text.
    public init(contains jsonText: String) throws(JSONValue.ParseError) {
        self.mode = .contains(try JSONPattern(jsonText: jsonText))
    }

    public var name: String { "json" }

    public var description: String {
        switch mode {
        case .valid: "json"
        case .equals(let pattern): "json equals \(Visible.text(pattern.rendered, limit: 200))"
        case .contains(let pattern): "json contains \(Visible.text(pattern.rendered, limit: 200))"
        }
    }

    public func expectation(negated: Bool) -> String {
        let not = negated ? "not to be " : ""
        switch mode {
        case .valid: return negated ? "not to be valid JSON" : "valid JSON"
        case .equals(let pattern): return not + "JSON equal to " + Visible.text(pattern.rendered, limit: 200)
        case .contains(let pattern): return not + "JSON containing " + Visible.text(pattern.rendered, limit: 200)
        }
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let value: JSONValue
        do {
            value = try JSONValue.parse(output)
        } catch {
            return verdict(false, output: output, detail: " (invalid JSON: \(error))")
        }
        switch mode {
        case .valid:
            return verdict(true, output: output)
        case .equals(let pattern), .contains(let pattern):
            let subset: Bool
            if case .contains = mode { subset = true } else { subset = false }
            guard let mismatch = pattern.mismatch(in: value, subset: subset) else { return verdict(true, output: output) }
            return verdict(false, output: output, detail: " (\(mismatch))", expected: pattern.rendered)
        }
    }
}
