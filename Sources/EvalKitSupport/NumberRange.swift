/// The values a number of the command line or of a suite may take, and how they read in a message.
///
/// Every range is one of the members below (SPEC §2, §4), and `NumberRange.table` names the suite
/// keys that use each; the argument parser and the suite decoders check against them, and their
/// errors quote them: `repeat must be a whole number from 1 to 1000, got 1000000000`. Text that is not a number at all, NaN and infinity never pass.
public struct NumberRange: Sendable, Equatable, CustomStringConvertible {
    public enum Bounds: Sendable, Equatable {
        case whole(ClosedRange<Int>)
        /// A finite number at least (or, when `lowerIncluded` is false, above) `lower`, and at most `upper` when there is one.
        case decimal(lower: Double, lowerIncluded: Bool, upper: Double?)
    }

    public let bounds: Bounds
    /// What the number counts, as in "a number of seconds"; nil for a bare number.
    public let unit: String?

    public static func whole(_ range: ClosedRange<Int>) -> NumberRange {
        NumberRange(bounds: .whole(range), unit: nil)
    }

    public static func decimal(_ range: ClosedRange<Double>, of unit: String? = nil) -> NumberRange {
        NumberRange(bounds: .decimal(lower: range.lowerBound, lowerIncluded: true, upper: range.upperBound), unit: unit)
    }

    public static func decimal(above lower: Double, atMost upper: Double, of unit: String? = nil) -> NumberRange {
        NumberRange(bounds: .decimal(lower: lower, lowerIncluded: false, upper: upper), unit: unit)
    }

    public static func decimal(atLeast lower: Double) -> NumberRange {
        NumberRange(bounds: .decimal(lower: lower, lowerIncluded: true, upper: nil), unit: nil)
    }

    // MARK: The table

    /// `--concurrency` and a target's `max_concurrency`: requests in flight at once.
    public static let concurrency = whole(1...1024)
    /// `--timeout` and `timeout`: seconds per attempt.
    public static let timeout = decimal(above: 0, atMost: 86_400, of: "seconds")
    /// `--retries`: retries of a transient failure.
    public static let retries = whole(0...100)
    /// `--limit`: the first N selected cases.
    public static let limit = whole(1...1_000_000_000)
    /// `--repeat`, `repeat` and the K of `pass_if: K` (which is also at most the case's samples).
    public static let repeatCount = whole(1...1000)
    /// N of `--shard K/N` (K is from 1 to N).
    public static let shardCount = whole(1...1000)
    /// A target's `rate_limit`: requests per minute.
    public static let rateLimit = decimal(0.001...1_000_000, of: "requests per minute")
    /// Shares: `min_pass_rate`, `max_error_rate`, `significant_regression` (and their options), `top_p`, `similar`'s `min`.
    public static let share = decimal(0...1)
    /// `--max-regressions` and `max_regressions`.
    public static let maxRegressions = whole(0...1_000_000_000)
    /// `temperature`: servers differ in their ceiling, so only its sign is checked here.
    public static let temperature = decimal(atLeast: 0)
    /// `top_k`.
    public static let topK = whole(1...1_000_000)
    /// `max_tokens`.
    public static let maxTokens = whole(1...10_000_000)
    /// `seed`: any 64-bit whole number (llama.cpp reads -1 as "random").
    public static let seed = whole(Int.min...Int.max)
    /// `numeric`'s `tolerance` and `rel_tolerance`.
    public static let tolerance = decimal(atLeast: 0)
    /// `length`'s `min` and `max`: characters.
    public static let length = whole(0...1_000_000_000)
    /// `--detect`: the change of pass rate the comparison's power line speaks of.
    public static let detect = decimal(above: 0, atMost: 1)
    /// A target's `price.input` and `price.output`.
    public static let price = decimal(0...1_000_000, of: "US dollars per million tokens")
    /// `--max-cost` and the gate's `max_cost`: what a run may spend.
    public static let maxCost = decimal(above: 0, atMost: 1_000_000_000, of: "US dollars")

    /// Every range with the suite keys that use it (a matcher's options as `matcher.option`); the
    /// command line's options name their ranges where it parses them.
    public static let table: [(names: [String], range: NumberRange)] = [
        (["max_concurrency"], concurrency),
        (["timeout"], timeout),
        (["repeat", "pass_if"], repeatCount),
        (["rate_limit"], rateLimit),
        (["min_pass_rate", "max_error_rate", "significant_regression", "top_p", "similar.min", "batch_discount"], share),
        (["max_regressions"], maxRegressions),
        (["temperature"], temperature),
        (["top_k"], topK),
        (["max_tokens"], maxTokens),
        (["seed"], seed),
        (["numeric.tolerance", "numeric.rel_tolerance"], tolerance),
        (["length.min", "length.max"], length),
        (["price.input", "price.output"], price),
        (["max_cost"], maxCost),
    ]

    // MARK: Reading

    /// Why a text is not a number of the range.
    public enum Problem: Error, Sendable, Equatable {
        /// Not written as a number of this kind at all (`sixteen`, `1.5` for a whole number, `nan`).
        case notANumber
        /// A number outside the range, including one too large to hold (`1e400`, `99999999999999999999`).
        case outOfRange
    }

    /// The largest value of a range of whole numbers.
    public var upperWhole: Int {
        guard case .whole(let range) = bounds else { preconditionFailure("\(self) is not a range of whole numbers") }
        return range.upperBound
    }

    /// Whether the range holds only whole numbers.
    public var isWhole: Bool {
        if case .whole = bounds { return true }
        return false
    }

    /// A whole number of this range, written in digits with an optional sign.
    public func wholeNumber(_ text: String) -> Result<Int, Problem> {
        guard case .whole(let range) = bounds else { preconditionFailure("\(self) is not a range of whole numbers") }
        guard Self.isIntegerSyntax(text) else { return .failure(.notANumber) }
        guard let value = Self.parseInteger(text), range.contains(value) else { return .failure(.outOfRange) }
        return .success(value)
    }

    /// A number of this range, written in digits (sign, fraction, exponent); whole ranges read whole numbers only.
    public func number(_ text: String) -> Result<Double, Problem> {
        if case .whole = bounds { return wholeNumber(text).map(Double.init) }
        guard Self.isNumberSyntax(text) else { return .failure(.notANumber) }
        guard let value = Double(text), contains(value) else { return .failure(.outOfRange) }
        return .success(value)
    }

    /// Whether a value lies in the range; NaN and infinity never do.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch bounds {
        case .whole(let range):
            return Int(exactly: value).map(range.contains) ?? false
        case .decimal(let lower, let lowerIncluded, let upper):
            return (lowerIncluded ? value >= lower : value > lower) && upper.map { value <= $0 } ?? true
        }
    }

    /// The range in words, for "must be …": `a whole number from 1 to 1000`, `a number of seconds greater than 0 and at most 86400`.
    public var description: String {
        switch bounds {
        case .whole: "a whole number \(span)"
        case .decimal: "\(unit.map { "a number of \($0)" } ?? "a number") \(span)"
        }
    }

    /// The bounds in words, without the noun: `from 1 to 1000`, `greater than 0 and at most 86400`, `of at least 0`.
    public var span: String {
        switch bounds {
        case .whole(let range):
            return "from \(range.lowerBound) to \(range.upperBound)"
        case .decimal(let lower, let lowerIncluded, let upper):
            switch (lowerIncluded, upper) {
            case (true, let upper?): return "from \(Self.format(lower)) to \(Self.format(upper))"
            case (false, let upper?): return "greater than \(Self.format(lower)) and at most \(Self.format(upper))"
            case (true, nil): return "of at least \(Self.format(lower))"
            case (false, nil): return "greater than \(Self.format(lower))"
            }
        }
    }

    /// The message for `text` given as `name`: `NAME must be RANGE, got TEXT` (TEXT quoted when it is not a number).
    public func message(for name: String, got text: String, _ problem: Problem) -> String {
        let got = problem == .outOfRange ? text : "'\(Visible.text(text, limit: 60))'"
        return "\(name) must be \(self), got \(got)"
    }

    /// A bound as written in a suite: `86400`, `0.001`.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// The syntax of numbers in suite files and options.
extension NumberRange {
    /// Digits with an optional sign.
    public static func isIntegerSyntax(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("+") || digits.hasPrefix("-") { digits.removeFirst() }
        return !digits.isEmpty && digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// A whole number written in digits with an optional sign; nil when it is not one or does not fit an `Int`.
    public static func parseInteger(_ text: String) -> Int? {
        guard isIntegerSyntax(text) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// A decimal number: sign, digits with an optional fraction (or a fraction alone), optional exponent.
    public static func isNumberSyntax(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        var mantissa = digits()
        if index < scalars.count, scalars[index] == "." {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == scalars.count
    }
}
