import Foundation
import Testing

/// `evals list` shows what a suite holds without letting its text act on the terminal.
@Suite("list")
struct ListCommandTests {
    @Test func escapesAndBidiOverridesInTagsAndPromptsAreMadeVisible() async throws {
        let scratch = try Scratch()
        let suite = try scratch.write("s.yaml-lite", """
            suite: hostile
            targets:
              reference:
                provider: reference
                model: next-number
            cases:
              - id: a
                prompt: "1\\e[2J\\u202Egnp.exe\\u0085"
                expect: "2"
                tags: ["red\\e[31m", "rtl\\u202Etxt", "\\u2066iso"]
            """)
        let result = await scratch.run(["list", suite])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{2066}" || $0 == "\u{85}" })
        let line = try #require(result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix("a\t") })
        #expect(line == #"a\#tred\u{1B}[31m,rtl\u{202E}txt,\u{2066}iso\#t"1\u001B[2J\u202Egnp.exe\u0085""#)
    }
}
