import Foundation

/// `length: {min: A, max: B}`: the trimmed output's character count is within the bounds, inclusive.
public struct LengthMatcher: Matcher {
    public var minimum: Int?
    public var maximum: Int?

    public init(min minimum: Int? = nil, max maximum: Int? = nil) {
        self.minimum = minimum
        self.maximum = maximum
    }

    public var name: String { "length" }

    public var description: String {
        "length {" + [minimum.map { "min: \($0)" }, maximum.map { "max: \($0)" }].compactMap { $0 }.joined(separator: ", ") + "}"
    }

    private var bounds: String {
        switch (minimum, maximum) {
        case let (low?, high?): low == high ? Self.characters(low) : "\(low) to \(Self.characters(high))"
        case let (low?, nil): "at least \(Self.characters(low))"
        case let (nil, high?): "at most \(Self.characters(high))"
        case (nil, nil): "any number of characters"
        }
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to have " : "to have ") + bounds
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let count = output.trimmingCharacters(in: .whitespacesAndNewlines).count
        let passed = (minimum.map { count >= $0 } ?? true) && (maximum.map { count <= $0 } ?? true)
        return verdict(passed, output: output, detail: " (\(Self.characters(count)))")
    }
}
