import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite struct EditDistanceTests {
    /// Levenshtein distance by the full table, the reference the banded one must agree with.
    static func plainDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A random text over a small alphabet, so pairs share much and differ much.
    static func text(_ generator: inout LineDiffTests.Generator, length: Int) -> [UInt32] {
        (0..<length).map { _ in UInt32.random(in: 97...99, using: &generator) }
    }

    /// `text` with a few random edits, so pairs also share prefixes and suffixes.
    static func edited(_ text: [UInt32], _ generator: inout LineDiffTests.Generator, edits: ClosedRange<Int> = 0...4) -> [UInt32] {
        var text = text
        for _ in 0..<Int.random(in: edits, using: &generator) {
            let at = Int.random(in: 0...text.count, using: &generator)
            switch Int.random(in: 0...2, using: &generator) {
            case 0: text.insert(UInt32.random(in: 97...100, using: &generator), at: at)
            case 1 where at < text.count: text.remove(at: at)
            default: if at < text.count { text[at] = UInt32.random(in: 97...100, using: &generator) }
            }
        }
        return text
    }

    @Test(arguments: 0..<20)
    func theBandedDistanceAgreesWithTheFullTable(seed: Int) {
        var generator = LineDiffTests.Generator(state: UInt64(seed) &+ 1)
        for _ in 0..<200 {
            let a = Self.text(&generator, length: Int.random(in: 0...40, using: &generator))
            let b = Bool.random(using: &generator) ? Self.edited(a, &generator) : Self.text(&generator, length: Int.random(in: 0...40, using: &generator))
            let expected = Self.plainDistance(a, b)
            let bound = Int.random(in: -1...(max(a.count, b.count) + 1), using: &generator)
            let found = EditDistance.distance(a, b, atMost: bound, stop: { false })
            #expect(found == (expected <= bound ? .exactly(expected) : .beyond), "a \(a) b \(b) bound \(bound)")
        }
    }

    /// Every pair of texts over {a, b} up to 5 long, with every bound: the band's edges included.
    @Test func theBandedDistanceAgreesOnEveryShortPair() {
        var texts: [[UInt32]] = [[]]
        for length in 1...5 {
            texts += (0..<(1 << length)).map { bits in (0..<length).map { 97 + UInt32(bits >> $0 & 1) } }
        }
        var disagreements = 0
        for a in texts {
            for b in texts {
                let expected = Self.plainDistance(a, b)
                for bound in -1...6 where EditDistance.distance(a, b, atMost: bound, stop: { false }) != (expected <= bound ? .exactly(expected) : .beyond) {
                    disagreements += 1
                }
            }
        }
        #expect(disagreements == 0)
    }

    /// Long pairs, whose distance is often past the first bounds tried.
    @Test(arguments: 0..<4)
    func longTextsAgreeWithTheFullTable(seed: Int) {
        var generator = LineDiffTests.Generator(state: UInt64(seed) &+ 100)
        for _ in 0..<10 {
            let a = Self.text(&generator, length: Int.random(in: 100...400, using: &generator))
            let b = Self.edited(a, &generator, edits: 0...300)
            let expected = Self.plainDistance(a, b)
            let bound = Int.random(in: 0...max(a.count, b.count), using: &generator)
            let found = EditDistance.distance(a, b, atMost: bound, stop: { false })
            #expect(found == (expected <= bound ? .exactly(expected) : .beyond), "distance \(expected) bound \(bound)")
        }
    }

    @Test func distanceCountsUnicodeScalars() {
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("e\u{301}", "e") == 1)
        #expect(EditDistance.distance("😀x", "x") == 1)
    }

    @Test func stopEndsTheComputation() {
        let a = [UInt32](repeating: 97, count: 100_000), b = [UInt32](repeating: 98, count: 100_000)
        #expect(EditDistance.distance(a, b, atMost: 100_000, stop: { true }) == .stopped)
    }
}
