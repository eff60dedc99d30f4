import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite

/// A target's `price` and `batch_discount` and the gate's `max_cost` (SPEC §13.1): typed, ranged,
/// and every mistake reported at its place with the valid names.
@Suite struct PriceDecodingTests {
    static func target(_ lines: String) -> String {
        """
        suite: demo
        targets:
          ref:
            provider: reference
            model: next-number
        \(lines)
        cases:
          - prompt: a

        """
    }

    @Test func aPriceDecodesWithTheDefaultDiscount() throws {
        let suite = try SuiteFixture().load(Self.target("    price: {input: 0.30, output: 2.5}"))
        #expect(suite.targets[0].price == Price(input: 0.30, output: 2.5, batchDiscount: 0.5))
        let resolved = try suite.resolve(suite.targets[0], environment: [:])
        #expect(resolved.price == Price(input: 0.30, output: 2.5, batchDiscount: 0.5))
    }

    @Test func aBlockPriceAndADiscountDecode() throws {
        let suite = try SuiteFixture().load(Self.target("    price:\n      input: 0\n      output: 1e1\n    batch_discount: 0.25"))
        #expect(suite.targets[0].price == Price(input: 0, output: 10, batchDiscount: 0.25))
    }

    @Test func aTargetWithoutPriceHasNone() throws {
        let suite = try SuiteFixture().load(Self.target(""))
        #expect(suite.targets[0].price == nil)
    }

    @Test func setGivesAPriceFromTheCommandLine() throws {
        let suite = try SuiteFixture().load(Self.target(""), sets: ["targets.ref.price.input=1.25", "targets.ref.price.output=10", "targets.ref.batch_discount=0"])
        #expect(suite.targets[0].price == Price(input: 1.25, output: 10, batchDiscount: 0))
    }

    @Test func theGateTakesMaxCost() throws {
        let suite = try SuiteFixture().load(SuiteText.header + "gate:\n  max_cost: 2.5\ncases:\n  - prompt: a\n")
        #expect(suite.gate.maxCost == 2.5)
        let plain = try SuiteFixture().load(SuiteText.withCases("  - prompt: a\n"))
        #expect(plain.gate.maxCost == nil)
    }

    @Test func aSetPriceOutOfRangeNamesTheOption() throws {
        let error = try #require(SuiteFixture().failure(Self.target("    price: {input: 1, output: 1}"), sets: ["targets.ref.price.output=-2"]))
        #expect(error.message == "--set targets.ref.price.output=-2: price.output must be a number of US dollars per million tokens from 0 to 1000000, got -2")
    }

    static let examples: [SuiteLoaderErrorTests.Example] = [
        .init(name: "unknown price key", text: target("    price: {input: 1, ⟪outptu: 2}"),
              message: "unknown key 'outptu' in price of target 'ref'; did you mean 'output'? (valid: input, output)"),
        .init(name: "negative price", text: target("    price: {input: ⟪-1, output: 2}"),
              message: "price.input must be a number of US dollars per million tokens from 0 to 1000000, got -1"),
        .init(name: "price too high", text: target("    price:\n      input: 1\n      output: ⟪2000000"),
              message: "price.output must be a number of US dollars per million tokens from 0 to 1000000, got 2000000"),
        .init(name: "price not a number", text: target("    price: {input: ⟪cheap, output: 2}"),
              message: "price.input expects a number, got 'cheap'"),
        .init(name: "price missing output", text: target("    price: ⟪{input: 1}"),
              message: "missing required key 'output' in price of target 'ref' (US dollars per million tokens, such as price: {input: 0.30, output: 2.50})"),
        .init(name: "price empty", text: target("    ⟪price:"),
              message: "missing required key 'input' in price of target 'ref'"),
        .init(name: "price not a mapping", text: target("    price: ⟪0.3"),
              message: "price expects a mapping, got"),
        .init(name: "discount out of range", text: target("    price: {input: 1, output: 2}\n    batch_discount: ⟪1.5"),
              message: "batch_discount must be a number from 0 to 1, got 1.5"),
        .init(name: "discount without price", text: target("    batch_discount: ⟪0.5"),
              message: "batch_discount is a share of target 'ref's price, which it does not set; add price: {input: USD, output: USD} (US dollars per million tokens)"),
        .init(name: "max_cost of zero", text: SuiteText.header + "gate:\n  max_cost: ⟪0\ncases:\n  - prompt: a\n",
              message: "max_cost must be a number of US dollars greater than 0 and at most 1000000000, got 0"),
        .init(name: "unknown gate key near max_cost", text: SuiteText.header + "gate:\n  ⟪max_costs: 1\ncases:\n  - prompt: a\n",
              message: "unknown key 'max_costs' in gate; did you mean 'max_cost'? (valid: min_pass_rate, max_regressions, significant_regression, max_error_rate, max_cost)"),
    ]

    @Test(arguments: examples)
    func reportsErrorAtItsPlace(example: SuiteLoaderErrorTests.Example) throws {
        try SuiteLoaderErrorTests().reportsErrorAtItsPlace(example: example)
    }

    @Test func aResultsFilePriceOutOfRangeIsMalformed() throws {
        for json in [#"{"input": -1, "output": 1}"#, #"{"input": 1, "output": 1, "batch_discount": 2}"#, #"{"input": 1}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Price.self, from: Data(json.utf8)) }
        }
        #expect(try JSONDecoder().decode(Price.self, from: Data(#"{"input": 1, "output": 2}"#.utf8)) == Price(input: 1, output: 2))
    }
}
