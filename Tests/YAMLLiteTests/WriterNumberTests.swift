import Testing
@testable import YAMLLite

/// The writer's scan for strings that YAML 1.1 or 1.2 reads as numbers agrees with the regular
/// expression it replaced, which backtracked on long inputs.
@Suite struct WriterNumberTests {
    /// The replaced test: a number character somewhere and a whole match of the YAML number pattern.
    struct RegexOracle {
        let number = /[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)/

        func readsAsNumber(_ text: String) -> Bool {
            text.contains(where: \.isNumber) && (try? number.wholeMatch(in: text)) != nil
        }
    }

    static let alphabet: [String] = [
        "0", "1", "5", "6", "7", "8", "9", "_", "x", "o", "b", "a", "f", "A", "F", "g", "e", "E", ".", ":", "+", "-", " ",
        "\u{301}", "\u{663}", "\u{FF11}", "½",
    ]

    @Test(arguments: [
        ("0x1F", true), ("0x", false), ("0xg", false), ("-0x_a", true), ("0o17", true), ("0o8", false), ("017", true), ("0_", true),
        ("0b101", true), ("0b2", false), ("1_000", true), ("1.5e3", true), (".5", true), ("5.", true), ("1e", false), ("e5", true),
        ("1.2.3", false), ("_1", true), ("_.1", false), ("1:30", true), ("1:60", false), ("1:5:59.5_", true), ("1::3", false),
        ("+", false), ("-", false), ("", false), (".", false), ("1 ", false), ("1\u{301}", false), ("\u{663}", false), ("12x", false),
    ])
    func readsAsNumber(text: String, expected: Bool) {
        #expect(Writer.readsAsNumberInYAML(text) == expected)
        #expect(RegexOracle().readsAsNumber(text) == expected)
    }

    @Test func agreesWithTheRegularExpressionOnEveryShortString() {
        var strings = [""]
        var current = [""]
        for _ in 1...3 {
            current = current.flatMap { prefix in Self.alphabet.map { prefix + $0 } }
            strings += current
        }
        let oracle = RegexOracle()
        let disagreements = strings.filter { Writer.readsAsNumberInYAML($0) != oracle.readsAsNumber($0) }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test func agreesWithTheRegularExpressionOnSeededRandomStrings() {
        let numberish = ["0x", "0o", "0b", "1_0", "12", ":30", ":5", ".5", "e+3", "E-", "0", "9"]
        let oracle = RegexOracle()
        var generator = SplitMix64(state: 20_250_114)
        var disagreements: [String] = []
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...9, using: &generator)
            let text = (0..<length).map { _ in
                Bool.random(using: &generator) ? numberish.randomElement(using: &generator)! : Self.alphabet.randomElement(using: &generator)!
            }.joined()
            if Writer.readsAsNumberInYAML(text) != oracle.readsAsNumber(text) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
