import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitSupport

/// The report encoder: the same JSON as Foundation's encoder, printed stably.
@Suite struct JSONTextEncoderTests {
    struct Sample: Encodable {
        var text: String
        var missing: String?
        var flag: Bool
        var whole: Int
        var real: Double
        var list: [Int]
        var empty: [String]
        var map: [String: [Double]]
        var nested: Nested

        struct Nested: Encodable {
            var zeta = "last"
            var alpha: Double? = 1.5
        }

        enum CodingKeys: String, CodingKey {
            case text, missing, flag, whole, real, list, empty, map, nested
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(missing, forKey: .missing)
            try c.encode(flag, forKey: .flag)
            try c.encode(whole, forKey: .whole)
            try c.encode(real, forKey: .real)
            try c.encode(list, forKey: .list)
            try c.encode(empty, forKey: .empty)
            try c.encode(map, forKey: .map)
            try c.encode(nested, forKey: .nested)
        }
    }

    static let sample = Sample(
        text: "quote \" slash / back \\ line\nESC \u{1B} é 😀", missing: nil, flag: true, whole: -42, real: 0.1 + 0.2,
        list: [1, 2, 3], empty: [], map: ["b": [1, 2.5], "a": []], nested: Sample.Nested())

    @Test func printsSortedKeysWithExplicitNullsAndEmptyCollections() throws {
        let text = try JSONTextEncoder.encode(Sample.Nested(zeta: "z", alpha: 2))
        #expect(text == """
            {
              "alpha" : 2,
              "zeta" : "z"
            }
            """)
        #expect(try JSONTextEncoder.encode(Self.sample).contains("\n  \"missing\" : null,\n"))
        #expect(try JSONTextEncoder.encode([String]()) == "[]")
        #expect(try JSONTextEncoder.encode([String: Int]()) == "{}")
    }

    @Test func meansWhatFoundationsEncoderMeans() throws {
        let ours = try JSONSerialization.jsonObject(with: Data(try JSONTextEncoder.encode(Self.sample).utf8)) as? NSDictionary
        let foundation = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Self.sample)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == foundation)
    }

    @Test func writesNonFiniteNumbersAsStringsAndWholeNumbersWithoutAFraction() throws {
        #expect(try JSONTextEncoder.encode([Double.infinity, -Double.infinity, 2.0, 0.25, 1e-7]) == """
            [
              "Infinity",
              "-Infinity",
              2,
              0.25,
              1e-07
            ]
            """)
        #expect(try JSONTextEncoder.encode([Double.nan]).contains("\"NaN\""))
    }

    @Test func equalValuesGiveIdenticalText() throws {
        #expect(try JSONTextEncoder.encode(Self.sample) == JSONTextEncoder.encode(Self.sample))
    }
}
