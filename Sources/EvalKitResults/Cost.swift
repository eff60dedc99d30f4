import Foundation
import EvalKitSupport

/// A target's `price` (SPEC §13.1): US dollars per million prompt and completion tokens, and the
/// share taken off answers that came through a batch API.
public struct Price: Sendable, Equatable, Codable {
    /// US dollars per million prompt tokens.
    public var input: Double
    /// US dollars per million completion tokens.
    public var output: Double
    /// The share of the price a batch API takes off, from 0 to 1.
    public var batchDiscount: Double

    public static let defaultBatchDiscount = 0.5

    public init(input: Double, output: Double, batchDiscount: Double = Price.defaultBatchDiscount) {
        self.input = input
        self.output = output
        self.batchDiscount = batchDiscount
    }

    enum CodingKeys: String, CodingKey {
        case input, output, batchDiscount = "batch_discount"
    }

    /// Reads a price from a results file, each value in its range of `NumberRange`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func checked(_ key: CodingKeys, _ range: NumberRange) throws -> Double {
            let value = try c.decode(Double.self, forKey: key)
            guard range.contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be \(range), got \(value)")
            }
            return value
        }
        input = try checked(.input, .price)
        output = try checked(.output, .price)
        batchDiscount = try c.decodeIfPresent(Double.self, forKey: .batchDiscount) == nil ? Self.defaultBatchDiscount : try checked(.batchDiscount, .share)
    }

    /// The cost of one answer: `prompt_tokens × input / 1e6 + completion_tokens × output / 1e6`,
    /// times `1 − batch_discount` when it came through a batch API. An answer without token
    /// counts costs what is unknown: one unknown request, no dollars.
    ///
    /// Every cost evals reports is computed here; `viaBatch` is the one switch for batch answers.
    public func cost(of usage: TokenUsage?, viaBatch: Bool = false) -> Cost {
        guard let usage else { return Cost(unknownRequests: 1) }
        let factor = viaBatch ? 1 - batchDiscount : 1
        return Cost(
            inputUSD: Double(usage.promptTokens) * input / 1e6 * factor,
            outputUSD: Double(usage.completionTokens) * output / 1e6 * factor)
    }
}

/// What requests cost in US dollars, as far as the answers' token counts tell (SPEC §13.1).
public struct Cost: Sendable, Equatable, Codable {
    /// The prompt tokens' share.
    public var inputUSD: Double
    /// The completion tokens' share.
    public var outputUSD: Double
    /// Answers that gave no token counts: their cost is not in the figures, which are then a lower bound.
    public var unknownRequests: Int

    public init(inputUSD: Double = 0, outputUSD: Double = 0, unknownRequests: Int = 0) {
        self.inputUSD = inputUSD
        self.outputUSD = outputUSD
        self.unknownRequests = unknownRequests
    }

    /// The whole known cost.
    public var usd: Double { inputUSD + outputUSD }

    public static func + (lhs: Cost, rhs: Cost) -> Cost {
        Cost(inputUSD: lhs.inputUSD + rhs.inputUSD, outputUSD: lhs.outputUSD + rhs.outputUSD, unknownRequests: lhs.unknownRequests + rhs.unknownRequests)
    }

    /// The sum of the costs given; nil when none is.
    public static func total(_ costs: some Sequence<Cost?>) -> Cost? {
        costs.reduce(nil) { sum, cost in
            guard let cost else { return sum }
            return (sum ?? Cost()) + cost
        }
    }

    enum CodingKeys: String, CodingKey {
        case usd, inputUSD = "input_usd", outputUSD = "output_usd", unknownRequests = "unknown_requests"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func amount(_ key: CodingKeys) throws -> Double {
            let value = try c.decodeIfPresent(Double.self, forKey: key) ?? 0
            guard value.isFinite, value >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a number of US dollars of at least 0, got \(value)")
            }
            return value
        }
        inputUSD = try amount(.inputUSD)
        outputUSD = try amount(.outputUSD)
        unknownRequests = max(0, try c.decodeIfPresent(Int.self, forKey: .unknownRequests) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // To a millionth of a millionth of a dollar, so sums do not show floating-point noise.
        func rounded(_ value: Double) -> Double { (value * 1e12).rounded() / 1e12 }
        try c.encode(rounded(usd), forKey: .usd)
        try c.encode(rounded(inputUSD), forKey: .inputUSD)
        try c.encode(rounded(outputUSD), forKey: .outputUSD)
        try c.encode(unknownRequests, forKey: .unknownRequests)
    }

    /// The known cost as reports write it (`Cost.format`), with ` + unknown` when some answers
    /// gave no token counts, or `unknown` when none did and nothing is known.
    public var text: String {
        if unknownRequests == 0 { return Self.format(usd) }
        return usd == 0 ? "unknown" : Self.format(usd) + " + unknown"
    }

    /// What the unknown part is, for a note under a table: `3 answers gave no token counts`; nil when all are known.
    public var unknownNote: String? {
        guard unknownRequests > 0 else { return nil }
        return "\(unknownRequests) \(unknownRequests == 1 ? "answer" : "answers") gave no token counts, so \(unknownRequests == 1 ? "its" : "their") cost is unknown and not in the figure"
    }

    /// US dollars as a plain decimal for a machine (JUnit properties, HTML data attributes): at
    /// most ten decimals, no trailing zeros, never an exponent (`0.000012`, `3`).
    public static func decimal(_ usd: Double) -> String {
        guard usd.isFinite else { return "0" }
        var text = String(format: "%.10f", usd)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// US dollars for a reader: `$0.00`, `$12.35` from a dollar up, four decimals from a cent up
    /// (`$0.0123`), and two significant digits below a cent (`$0.0011`, `$0.000012`).
    public static func format(_ usd: Double) -> String {
        guard usd.isFinite, usd > 0 else { return "$0.00" }
        if usd >= 1 { return String(format: "$%.2f", usd) }
        if usd >= 0.01 { return String(format: "$%.4f", usd) }
        // Leading zeros after the point, then two digits; a hair off the log keeps 1e-5 at 0.000010.
        let decimals = min(12, Int((-log10(usd) - 1e-9).rounded(.down)) + 2)
        return String(format: "$%.\(decimals)f", usd)
    }
}
