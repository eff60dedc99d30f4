import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSupport
@testable import EvalKitSuite

/// `docs/suite-reference.md` documents every name the suite decoder accepts, each in its section:
/// the decoder's own tables are the list, so a key added to the code and not to the page fails here.
@Suite struct SuiteReferenceTests {
    static let pageURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/suite-reference.md")

    /// The page, read once per test.
    let page: Page

    init() throws {
        page = Page(text: try String(contentsOf: Self.pageURL, encoding: .utf8))
    }

    /// The names a section must show, as `name` in backticks.
    struct Expectation: CustomTestStringConvertible, Sendable {
        var heading: String
        var names: [String]
        var testDescription: String { heading }
    }

    static let settings = SuiteDecoder.settingsKeys

    static let mappings: [Expectation] = [
        Expectation(heading: "## Top level", names: SuiteDecoder.topKeys),
        Expectation(heading: "### `golden_matcher`", names: MatcherDecoder.goldenMatcherNames),
        Expectation(heading: "## Targets", names: SuiteDecoder.targetKeys.filter { !settings.contains($0) }),
        Expectation(heading: "### `price` and `batch_discount`", names: SuiteDecoder.priceKeys),
        Expectation(heading: "## Generation settings", names: settings),
        Expectation(heading: "## Defaults", names: SuiteDecoder.defaultsKeys.filter { !settings.contains($0) }),
        Expectation(heading: "## Cases", names: SuiteDecoder.caseKeys.filter { !settings.contains($0) }),
        Expectation(heading: "## Gate", names: SuiteDecoder.gateKeys),
        Expectation(heading: "## Datasets (`cases_from`)", names: DatasetReader.keys),
        Expectation(heading: "### Formats", names: DatasetReader.Format.allCases.map(\.rawValue)),
        Expectation(heading: "## Providers", names: ProviderSchema.names),
        Expectation(heading: "### `openai`", names: ProviderConfig.OpenAI.API.allCases.map(\.rawValue)),
    ] + ProviderSchema.names.map { Expectation(heading: "### `\($0)`", names: ProviderSchema.fields[$0] ?? []) }

    @Test(arguments: mappings)
    func everyKeyIsInItsSection(expectation: Expectation) throws {
        let section = try #require(page.section(expectation.heading), "no section '\(expectation.heading)' in docs/suite-reference.md")
        for name in expectation.names {
            let documented = section.contains("`\(name)`")
            #expect(documented, "`\(name)` is accepted by the code but missing from section '\(expectation.heading)' of docs/suite-reference.md")
        }
    }

    @Test(arguments: MatcherDecoder.names)
    func everyMatcherAndOptionIsDocumented(matcher: String) throws {
        let matchers = try #require(page.section("## Matchers"), "no section '## Matchers' in docs/suite-reference.md")
        let section = try #require(Page(text: matchers).section(containing: "`\(matcher)`"), "matcher `\(matcher)` has no ### heading under ## Matchers")
        for option in (MatcherDecoder.options[matcher] ?? []) + (MatcherDecoder.valueKeys[matcher] ?? []) {
            let documented = section.contains("`\(option)`")
            #expect(documented, "option `\(option)` of matcher `\(matcher)` is missing from docs/suite-reference.md")
        }
    }

    /// Each suite key of `NumberRange.table` with its range; a matcher's option as `matcher.option`.
    static let rangedKeys: [(key: String, range: NumberRange)] = NumberRange.table.flatMap { row in
        row.names.map { ($0, row.range) }
    }

    @Test(arguments: zip(rangedKeys.map(\.key), rangedKeys.map(\.range.span)))
    func everyNumberShowsItsRange(key: String, span: String) throws {
        let parts = key.split(separator: ".").map(String.init)
        let scope = try #require(parts.count == 2 ? page.section(containing: "`\(parts[0])`") : page.text, "no section for \(key)")
        let rows = Page(text: scope).lines.filter { $0.hasPrefix("| `\(parts.last!)` |") }
        #expect(!rows.isEmpty, "`\(key)` has no table row in docs/suite-reference.md")
        for row in rows {
            #expect(row.contains(span), "the row of `\(key)` does not give its range '\(span)': \(row)")
        }
    }

    @Test func theTestNoticesAMissingName() {
        let page = Page(text: "# Reference\n## Gate\n`min_pass_rate`\n## Cases\n`max_regressions`\n")
        #expect(page.section("## Gate")?.contains("`min_pass_rate`") == true)
        #expect(page.section("## Gate")?.contains("`max_regressions`") == false)
    }

    /// A Markdown page cut at its headings.
    struct Page {
        var text: String

        var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

        /// The text under the heading line that equals `heading`, up to the next heading of the same level or above.
        func section(_ heading: String) -> String? {
            section { $0 == heading }
        }

        /// The text under the first `###` heading that contains `text`.
        func section(containing text: String) -> String? {
            section { $0.hasPrefix("### ") && $0.contains(text) }
        }

        private func section(where matches: (Substring) -> Bool) -> String? {
            let lines = lines
            let levels = Self.levels(of: lines)
            guard let start = lines.indices.first(where: { levels[$0] > 0 && matches(lines[$0]) }) else { return nil }
            var end = start + 1
            while end < lines.count, !(1...levels[start]).contains(levels[end]) { end += 1 }
            return lines[start..<end].joined(separator: "\n")
        }

        /// Each line's heading level, 0 for text and for lines inside fenced code.
        private static func levels(of lines: [Substring]) -> [Int] {
            var inFence = false
            return lines.map { line in
                if line.hasPrefix("```") {
                    inFence.toggle()
                    return 0
                }
                let hashes = line.prefix { $0 == "#" }.count
                return !inFence && hashes > 0 && line.dropFirst(hashes).hasPrefix(" ") ? hashes : 0
            }
        }
    }
}
