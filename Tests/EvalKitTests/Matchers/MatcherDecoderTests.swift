import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct MatcherDecoderTests {
    private let folder = URL(fileURLWithPath: "/tmp")

    private func scalar(_ text: String, _ line: Int, _ column: Int) -> Node {
        Node(.scalar(text), mark: Mark(line: line, column: column))
    }

    private func entry(_ key: String, _ line: Int, _ column: Int, _ value: Node) -> Node.Entry {
        Node.Entry(key: key, keyMark: Mark(line: line, column: column), value: value)
    }

    private func mapping(_ line: Int, _ column: Int, _ entries: Node.Entry...) -> Node {
        Node(.mapping(entries), mark: Mark(line: line, column: column), style: .flow)
    }

    private func list(_ line: Int, _ column: Int, _ items: Node...) -> Node {
        Node(.sequence(items), mark: Mark(line: line, column: column), style: .flow)
    }

    /// Decodes `node`, which stands for the `expect` value on line 2 of `text`, and returns the rendered error.
    private func error(_ text: String, _ node: Node) -> String? {
        let source = SourceFile(path: "suite.yaml-lite", text: text)
        do {
            _ = try MatcherDecoder.decodeExpectation(node, in: source, directory: folder)
            return nil
        } catch {
            return error.rendered()
        }
    }

    private func decode(_ node: Node) throws -> [any Matcher] {
        try MatcherDecoder.decodeExpectation(node, in: SourceFile(path: "suite.yaml-lite", text: ""), directory: folder)
    }

    @Test func bareStringIsExact() async throws {
        let matchers = try decode(scalar("2", 1, 9))
        #expect(matchers.count == 1)
        #expect(matchers[0] is ExactMatcher)
        #expect(await matchers[0].evaluate(" 2 ").passed)
    }

    @Test func mappingIsOneMatcherWithItsOptions() async throws {
        let matchers = try decode(mapping(1, 9, entry("exact", 1, 10, scalar("Paris", 1, 17)), entry("case_sensitive", 1, 24, scalar("false", 1, 40))))
        let exact = try #require(matchers.first as? ExactMatcher)
        #expect(exact.comparison == TextComparison(caseSensitive: false))
        #expect(await exact.evaluate("PARIS").passed)
    }

    @Test func listMeansEveryMatcher() async throws {
        let node = Node.sequence([.mapping(["regex": .scalar("^IV$")]), .mapping(["not_contains": .scalar("sorry")])])
        let matchers = try decode(node)
        #expect(matchers.map(\.name) == ["regex", "not_contains"])
        #expect(await matchers[0].evaluate("IV").passed)
        #expect(await matchers[1].evaluate("sorry").status == .failed)
    }

    @Test func everyNameDecodes() throws {
        let values: [String: Node] = [
            "exact": .scalar("a"), "contains": .scalar("a"), "not_contains": .scalar("a"), "starts_with": .scalar("a"),
            "ends_with": .scalar("a"), "one_of": .sequence([.scalar("a"), .scalar("b")]), "regex": .scalar("a+"),
            "numeric": .scalar("twenty-two"), "json": .mapping([]), "similar": .scalar("a"),
            "length": .mapping(["max": .scalar("3")]), "script": .sequence([.scalar("/bin/sh"), .scalar("-c"), .scalar("true")]),
            "not": .scalar("a"), "all": .sequence([.scalar("a")]), "any": .sequence([.scalar("a"), .mapping(["contains": .scalar("b")])]),
        ]
        #expect(Set(values.keys) == Set(MatcherDecoder.names))
        for name in MatcherDecoder.names {
            let matchers = try decode(.mapping([Node.Entry(key: name, value: values[name]!)]))
            #expect(matchers.first?.name == name)
        }
    }

    @Test func options() async throws {
        let numeric = try #require(try decode(.mapping(["numeric": .scalar("one hundred"), "tolerance": .scalar("2"), "rel_tolerance": .scalar("0.5")])).first as? NumericMatcher)
        #expect(numeric.expected == 100 && numeric.tolerance == 2 && numeric.relativeTolerance == Decimal(string: "0.5"))
        let regex = try #require(try decode(.mapping(["regex": .scalar("^iv$"), "flags": .scalar("im")])).first as? RegexMatcher)
        #expect(regex.flags == "im")
        #expect(await regex.evaluate("IV").passed)
        let similar = try #require(try decode(.mapping(["similar": .scalar("abc"), "min": .scalar("0.5")])).first as? SimilarMatcher)
        #expect(similar.minimum == 0.5)
        let exact = try #require(try decode(.mapping(["exact": .scalar("a b"), "normalize_whitespace": .scalar("true"), "trim": .scalar("false")])).first as? ExactMatcher)
        #expect(exact.comparison == TextComparison(normalizeWhitespace: true, trim: false))
        let length = try #require(try decode(.mapping(["length": .mapping(["min": .scalar("1"), "max": .scalar("80")])])).first as? LengthMatcher)
        #expect(length.minimum == 1 && length.maximum == 80)
        let oneOf = try #require(try decode(.mapping(["one_of": .sequence([.scalar("Yes")]), "case_sensitive": .scalar("false")])).first as? OneOfMatcher)
        #expect(await oneOf.evaluate("yes").passed)
    }

    @Test func jsonForms() async throws {
        let text = try #require(try decode(.mapping(["json": .mapping(["equals": .scalar(#"{"a": 1}"#)])])).first)
        #expect(await text.evaluate(#"{"a":1}"#).passed)
        let yaml = try #require(try decode(.mapping(["json": .mapping(["contains": .mapping(["a": .scalar("1")])])])).first)
        #expect(await yaml.evaluate(#"{"a":1,"b":2}"#).passed)
        #expect(await yaml.evaluate(#"{"a":"1","b":2}"#).status == .failed)
        let quoted = try #require(try decode(.mapping(["json": .mapping(["contains": .mapping(["a": Node(.scalar("1"), style: .singleQuoted)])])])).first)
        #expect(await quoted.evaluate(#"{"a":"1","b":2}"#).passed)
        #expect(await quoted.evaluate(#"{"a":1,"b":2}"#).status == .failed)
        let valid = try #require(try decode(.mapping(["json": .null])).first)
        #expect(await valid.evaluate("[]").passed)
        #expect(await valid.evaluate("[").status == .failed)
    }

    @Test func combinatorsNest() async throws {
        let node = Node.mapping(["not": .mapping(["any": .sequence([.scalar("no"), .mapping(["contains": .scalar("sorry")])])])])
        let matcher = try #require(try decode(node).first)
        #expect(matcher.description == #"not any [exact "no", contains "sorry"]"#)
        #expect(await matcher.evaluate("yes").passed)
        #expect(await matcher.evaluate("so sorry").status == .failed)
        let nested = try #require(try decode(.sequence([.sequence([.scalar("a")])])).first)
        #expect(nested is AllMatcher)
    }

    @Test func unknownMatcherSuggestsTheClosestName() {
        let text = "cases:\n  - expect: {regx: \"^IV$\"}\n"
        let node = mapping(2, 13, entry("regx", 2, 14, scalar("^IV$", 2, 20)))
        #expect(error(text, node) == """
            suite.yaml-lite:2:14: error: unknown matcher 'regx'; did you mean 'regex'? (valid: exact, contains, not_contains, starts_with, ends_with, one_of, regex, numeric, json, similar, length, script, not, all, any)
              - expect: {regx: "^IV$"}
                         ^
            """)
    }

    @Test func unknownOptionSuggestsTheClosestOption() {
        let text = "x\n    expect: {exact: a, case_sensitiv: false}\n"
        let node = mapping(2, 13, entry("exact", 2, 14, scalar("a", 2, 21)), entry("case_sensitiv", 2, 24, scalar("false", 2, 39)))
        #expect(error(text, node) == """
            suite.yaml-lite:2:24: error: unknown option 'case_sensitiv' for exact; did you mean 'case_sensitive'? (valid: case_sensitive, normalize_whitespace, trim)
                expect: {exact: a, case_sensitiv: false}
                                   ^
            """)
        let none = mapping(2, 13, entry("script", 2, 14, list(2, 22, scalar("/bin/sh", 2, 23))), entry("timeout", 2, 33, scalar("5", 2, 42)))
        #expect(error(text, none)?.hasPrefix("suite.yaml-lite:2:33: error: unknown option 'timeout' for script (script takes no options)") == true)
    }

    @Test func twoMatcherNamesInOneMapping() {
        let text = "x\n    expect: {regex: a, contains: b}\n"
        let node = mapping(2, 13, entry("regex", 2, 14, scalar("a", 2, 21)), entry("contains", 2, 24, scalar("b", 2, 34)))
        #expect(error(text, node)?.hasPrefix("suite.yaml-lite:2:24: error: one matcher per mapping, found 'regex' and 'contains'; write a list to require both") == true)
    }

    @Test func wrongKindOfValue() {
        let text = "x\n    expect: {regex: [a]}\n"
        #expect(error(text, mapping(2, 13, entry("regex", 2, 14, list(2, 21, scalar("a", 2, 22))))) == """
            suite.yaml-lite:2:21: error: regex expects a string, got a list
                expect: {regex: [a]}
                                ^
            """)
        #expect(error(text, mapping(2, 13, entry("all", 2, 14, scalar("a", 2, 19))))?.hasPrefix("suite.yaml-lite:2:19: error: all expects a list of matchers, got a string") == true)
        #expect(error(text, mapping(2, 13, entry("one_of", 2, 14, scalar("a", 2, 22))))?.hasPrefix("suite.yaml-lite:2:22: error: one_of expects a list of strings, got a string") == true)
        #expect(error(text, mapping(2, 13, entry("exact", 2, 14, Node(.null, mark: Mark(line: 2, column: 20)))))?.hasPrefix("suite.yaml-lite:2:20: error: exact expects a string, got null") == true)
        #expect(error(text, mapping(2, 13, entry("length", 2, 14, scalar("5", 2, 22))))?.hasPrefix("suite.yaml-lite:2:22: error: length expects a mapping such as {min: 1, max: 80}, got a string") == true)
        #expect(error(text, mapping(2, 13, entry("json", 2, 14, scalar("{}", 2, 20))))?.hasPrefix("suite.yaml-lite:2:20: error: json expects a mapping") == true)
    }

    @Test func invalidRegexPointsAtThePattern() {
        let text = "x\n    expect: {regex: \"(a\"}\n"
        #expect(error(text, mapping(2, 13, entry("regex", 2, 14, scalar("(a", 2, 21)))) == """
            suite.yaml-lite:2:21: error: invalid regex /(a/: expected ')'
                expect: {regex: "(a"}
                                ^
            """)
        let flags = mapping(2, 13, entry("regex", 2, 14, scalar("a", 2, 21)), entry("flags", 2, 24, scalar("g", 2, 31)))
        #expect(error(text, flags)?.hasPrefix(#"suite.yaml-lite:2:31: error: unknown regex flag 'g' in "g"; flags are letters from imsx"#) == true)
    }

    @Test func strictValues() {
        let text = "x\n"
        #expect(error(text, mapping(2, 13, entry("exact", 2, 14, scalar("a", 2, 21)), entry("trim", 2, 24, scalar("yes", 2, 30))))?
            .hasPrefix(#"suite.yaml-lite:2:30: error: trim expects true or false, got "yes""#) == true)
        #expect(error(text, mapping(2, 13, entry("numeric", 2, 14, scalar("lots", 2, 23))))?
            .hasPrefix(#"suite.yaml-lite:2:23: error: numeric expects a number (digits, English words or a Roman numeral), got "lots""#) == true)
        #expect(error(text, mapping(2, 13, entry("numeric", 2, 14, scalar("5", 2, 23)), entry("tolerance", 2, 26, scalar("-1", 2, 37))))?
            .hasPrefix("suite.yaml-lite:2:37: error: tolerance must be a number of at least 0, got -1") == true)
        #expect(error(text, mapping(2, 13, entry("numeric", 2, 14, scalar("5", 2, 23)), entry("tolerance", 2, 26, scalar("five", 2, 37))))?
            .hasPrefix(#"suite.yaml-lite:2:37: error: tolerance expects a number, got "five""#) == true)
        #expect(error(text, mapping(2, 13, entry("similar", 2, 14, scalar("a", 2, 23)), entry("min", 2, 26, scalar("1.5", 2, 31))))?
            .hasPrefix("suite.yaml-lite:2:31: error: min must be a number from 0 to 1, got 1.5") == true)
    }

    @Test func lengthAndJSONErrors() {
        let text = "x\n"
        let minOverMax = mapping(2, 13, entry("length", 2, 14, mapping(2, 22, entry("min", 2, 23, scalar("5", 2, 28)), entry("max", 2, 31, scalar("2", 2, 36)))))
        #expect(error(text, minOverMax)?.hasPrefix("suite.yaml-lite:2:28: error: length min 5 is greater than max 2") == true)
        #expect(error(text, mapping(2, 13, entry("length", 2, 14, mapping(2, 22))))?.hasPrefix("suite.yaml-lite:2:22: error: length needs min, max or both") == true)
        let typo = mapping(2, 13, entry("length", 2, 14, mapping(2, 22, entry("mn", 2, 23, scalar("5", 2, 27)))))
        #expect(error(text, typo)?.hasPrefix("suite.yaml-lite:2:23: error: unknown option 'mn' for length; did you mean 'min'? (valid: min, max)") == true)
        let badJSON = mapping(2, 13, entry("json", 2, 14, mapping(2, 20, entry("equals", 2, 21, scalar("{a}", 2, 29)))))
        #expect(error(text, badJSON)?.hasPrefix("suite.yaml-lite:2:29: error: invalid JSON in equals: expected a string key, got 'a' at line 1, column 2") == true)
        let both = mapping(2, 13, entry("json", 2, 14, mapping(2, 20, entry("equals", 2, 21, scalar("1", 2, 29)), entry("contains", 2, 32, scalar("1", 2, 42)))))
        #expect(error(text, both)?.hasPrefix("suite.yaml-lite:2:32: error: json takes equals or contains, not both") == true)
        let jsonTypo = mapping(2, 13, entry("json", 2, 14, mapping(2, 20, entry("equal", 2, 21, scalar("1", 2, 28)))))
        #expect(error(text, jsonTypo)?.hasPrefix("suite.yaml-lite:2:21: error: unknown option 'equal' for json; did you mean 'equals'? (valid: equals, contains)") == true)
    }

    @Test func emptyAndMissingMatchers() {
        let text = "x\n"
        #expect(error(text, mapping(2, 13))?.hasPrefix("suite.yaml-lite:2:13: error: empty matcher mapping") == true)
        #expect(error(text, Node(.null, mark: Mark(line: 2, column: 11)))?.hasPrefix("suite.yaml-lite:2:11: error: expected a matcher") == true)
        #expect(error(text, list(2, 11))?.hasPrefix("suite.yaml-lite:2:11: error: expect is an empty list") == true)
        #expect(error(text, mapping(2, 13, entry("case_sensitive", 2, 14, scalar("false", 2, 30))))?
            .hasPrefix("suite.yaml-lite:2:14: error: option 'case_sensitive' needs a matcher beside it in the same mapping") == true)
        #expect(error(text, mapping(2, 13, entry("bogus", 2, 14, scalar("x", 2, 21))))?.hasPrefix("suite.yaml-lite:2:14: error: unknown matcher 'bogus' (valid: exact, contains, not_contains, starts_with, ends_with, one_of, regex, numeric, json, similar, length, script, not, all, any)") == true)
    }

    @Test func scriptProgramMustExist() {
        let text = "x\n"
        let missing = mapping(2, 13, entry("script", 2, 14, list(2, 22, scalar("./check.sh", 2, 23))))
        #expect(error(text, missing)?.hasPrefix("suite.yaml-lite:2:23: error: script program './check.sh' not found or not executable (relative to the suite's folder)") == true)
        let notOnPath = mapping(2, 13, entry("script", 2, 14, scalar("no-such-checker-evals", 2, 22)))
        #expect(error(text, notOnPath)?.hasPrefix("suite.yaml-lite:2:22: error: script program 'no-such-checker-evals' not found on PATH") == true)
    }

    @Test func goldenMatchers() async throws {
        #expect(MatcherDecoder.goldenMatcherNames.allSatisfy(MatcherDecoder.isValidGoldenMatcherName))
        #expect(!MatcherDecoder.isValidGoldenMatcherName("regex"))
        #expect(MatcherDecoder.goldenMatcher(named: "regex", expected: "x") == nil)
        let exact = try #require(MatcherDecoder.goldenMatcher(named: "exact", expected: "IV\n"))
        #expect(await exact.evaluate("IV").passed)
        let numeric = try #require(MatcherDecoder.goldenMatcher(named: "numeric", expected: "The answer is 1,001"))
        #expect(await numeric.evaluate("one thousand one").passed)
        #expect(await numeric.evaluate("1002").status == .failed)
        let json = try #require(MatcherDecoder.goldenMatcher(named: "json", expected: #"{"a": [1, 2]}"#))
        #expect(await json.evaluate(#"{"a":[1,2.0]}"#).passed)
        let notJSON = try #require(MatcherDecoder.goldenMatcher(named: "json", expected: "plain"))
        #expect(notJSON is ExactMatcher)
        let similar = try #require(MatcherDecoder.goldenMatcher(named: "similar", expected: "hello world"))
        #expect(await similar.evaluate("hello world!").passed)
        let contains = try #require(MatcherDecoder.goldenMatcher(named: "contains", expected: " core \n"))
        #expect(await contains.evaluate("the core idea").passed)
    }

    /// Decodes the `expect` value of a parsed one-key document.
    private func parsed(_ text: String) throws -> [any Matcher] {
        let source = SourceFile(path: "suite.yaml-lite", text: text)
        let document = try #require(try YAMLLite.parse(source))
        let expect = try #require(document["expect"])
        return try MatcherDecoder.decodeExpectation(expect, in: source, directory: folder)
    }

    private func parsedError(_ text: String) throws -> String? {
        do {
            _ = try parsed(text)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic.rendered()
        }
    }

    @Test func parsedSuiteExamples() async throws {
        let roman = try parsed("expect:\n  - regex: \"^IV$\"\n  - not_contains: sorry\n")
        #expect(roman.map(\.name) == ["regex", "not_contains"])
        #expect(await roman[0].evaluate("IV").passed)
        let comma = try parsed("expect: {numeric: 10100001}\n")
        #expect(await comma[0].evaluate("10,100,001").passed)
        let tolerance = try parsed("expect: {numeric: 5, tolerance: 0}\n")
        #expect(await tolerance[0].evaluate("five").passed)
        let json = try parsed("expect:\n  json:\n    contains: {ok: true, count: 5}\n")
        #expect(await json[0].evaluate(#"{"ok": true, "count": 5, "extra": []}"#).passed)
        let jsonText = try parsed("expect: {json: {equals: '{\"a\": 1}'}}\n")
        #expect(await jsonText[0].evaluate(#"{"a":1}"#).passed)
        let length = try parsed("expect:\n  length: {min: 1, max: 3}\n")
        #expect(await length[0].evaluate("abcd").status == .failed)
    }

    @Test func parsedErrorsPointAtTheirPlace() throws {
        #expect(try parsedError("expect: {regx: \"^IV$\"}\n") == """
            suite.yaml-lite:1:10: error: unknown matcher 'regx'; did you mean 'regex'? (valid: exact, contains, not_contains, starts_with, ends_with, one_of, regex, numeric, json, similar, length, script, not, all, any)
            expect: {regx: "^IV$"}
                     ^
            """)
        #expect(try parsedError("expect:\n  regex: [a]\n") == """
            suite.yaml-lite:2:10: error: regex expects a string, got a list
              regex: [a]
                     ^
            """)
        #expect(try parsedError("expect:\n  exact: x\n  case_sensitve: false\n")?.hasPrefix(
            "suite.yaml-lite:3:3: error: unknown option 'case_sensitve' for exact; did you mean 'case_sensitive'? (valid: case_sensitive, normalize_whitespace, trim)") == true)
    }
}
