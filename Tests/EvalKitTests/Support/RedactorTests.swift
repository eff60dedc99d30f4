import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

/// The one redactor: every form of a secret is masked as `[REDACTED]`, on scalars rather than
/// characters, and text is redacted whole before it is cut.
@Suite struct RedactorTests {
    static let key = "sk-a/b+c_9Zq7"

    @Test func masksTheSecretPlainAndPercentEncodedInEitherCase() {
        let redact = Redactor([Self.key])
        let forms = [
            "sk-a/b+c_9Zq7",
            "sk-a%2Fb%2Bc_9Zq7",
            "sk-a%2fb%2bc_9Zq7",
            "sk-a%2Fb%2bc_9Zq7",
            "%73%6B%2D%61%2F%62%2B%63%5F%39%5A%71%37",
            "%73%6b%2d%61%2f%62%2b%63%5f%39%5a%71%37",
        ]
        for form in forms {
            #expect(redact("url?key=\(form)&x=1") == "url?key=[REDACTED]&x=1", "\(form)")
        }
        #expect(redact("sk-a%2Xb+c_9Zq7") == "sk-a%2Xb+c_9Zq7", "a broken escape is not the secret")
    }

    @Test func findsASecretFollowedByACombiningMark() {
        let redact = Redactor(["tok-12345678"])
        // "8" + U+0301 is one Character, so matching by Character never sees the secret end.
        #expect(redact("got tok-12345678\u{301} back") == "got [REDACTED]\u{301} back")
        #expect(redact("\u{301}tok-12345678\u{301}\u{301}") == "\u{301}[REDACTED]\u{301}\u{301}")
        #expect(redact("é tok-12345678é") == "é [REDACTED]é")
    }

    @Test func masksNonASCIISecretsOnScalarBoundaries() {
        let secret = "clé-sécrète-42"
        let redact = Redactor([secret])
        #expect(redact("«\(secret)»") == "«[REDACTED]»")
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        #expect(redact("q=\(encoded)") == "q=[REDACTED]")
        #expect(redact("q=\(encoded.lowercased())") == "q=[REDACTED]")
    }

    @Test func aSecretContainingAnotherIsMaskedWhole() {
        let redact = Redactor(["abcdefgh", "abcdefgh-longer", "", "abcdefgh"])
        #expect(redact("abcdefgh-longer and abcdefgh") == "[REDACTED] and [REDACTED]")
        #expect(redact("abcdefghabcdefgh") == "[REDACTED][REDACTED]")
    }

    @Test func aPercentSignInTheSecretIsFoundPlainOrEncoded() {
        let redact = Redactor(["pa%ss-word"])
        #expect(redact("a pa%ss-word b") == "a [REDACTED] b")
        #expect(redact("a pa%25ss-word b") == "a [REDACTED] b")
        #expect(redact("a pa%2525ss-word b") == "a pa%2525ss-word b", "one level of encoding only")
    }

    @Test func withoutSecretsTextIsUnchanged() {
        #expect(Redactor([])("18000 and 127.0.0.1") == "18000 and 127.0.0.1")
        #expect(Redactor([""]).isEmpty)
    }

    @Test func aLineIsRedactedBeforeItIsCut() {
        let key = "sk-straddle-0123456789abcdefghijk"
        let redact = Redactor([key])
        for prefix in 280...300 {
            let line = redact.line(String(repeating: "x", count: prefix) + key + " tail", limit: 300)
            #expect(!line.contains("sk-s"), "\(prefix): \(line)")
            let rest = line.dropFirst(prefix)
            #expect("[REDACTED] tail".hasPrefix(rest.hasSuffix("…") ? rest.dropLast() : rest), "the mask, perhaps cut: \(rest)")
        }
        let spaced = redact.line("error:" + String(repeating: " ", count: 5_000) + key + "\n\n tail")
        #expect(spaced == "error: [REDACTED] tail")
    }

    @Test func aLongLineIsCutToItsLimit() {
        let line = Redactor(["abcdefgh"]).line(String(repeating: "y ", count: 100_000), limit: 10)
        #expect(line == "y y y y y …")
    }

    @Test(arguments: [
        ("next-number (fp_44709d6fcb)", "next-number (fp_44709d6fcb)"), ("", ""), ("a  b", "a b"), (" a", "a"), ("a ", "a"),
        ("a\\b", "a\\\\b"), ("tab\tend", "tab end"), ("é ok", "é ok"), (String(repeating: "z", count: 301), String(repeating: "z", count: 300) + "…"),
        (String(repeating: "z", count: 300), String(repeating: "z", count: 300)),
    ] as [(String, String)])
    func aShortPlainLineIsKeptAndAnyOtherMadeOne(text: String, expected: String) {
        #expect(Redactor([]).line(text) == expected)
        #expect(Redactor(["sk-unused-secret"]).line(text) == expected)
    }

    @Test func theMaskIsTheOneSpelling() {
        #expect(Redactor.mask == "[REDACTED]")
        #expect(Redactor.minimumSecretLength == 8)
    }
}
