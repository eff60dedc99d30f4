import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite("LineDiff")
struct LineDiffTests {
    /// The length of the longest common subsequence, by dynamic programming.
    static func lcs(_ a: [Int], _ b: [Int]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    /// A small deterministic generator, so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    @Test(arguments: 0..<40)
    func scriptRebuildsTheNewSequenceWithTheFewestEdits(seed: Int) {
        var generator = Generator(state: UInt64(seed) &+ 1)
        let a = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Int.random(in: 0...4, using: &generator) }
        let b = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Int.random(in: 0...4, using: &generator) }
        let script = LineDiff.script(a, b)
        var rebuilt: [Int] = []
        var nextOld = 0, nextNew = 0, equal = 0
        for op in script {
            switch op {
            case .equal(let x, let y):
                #expect(x == nextOld && y == nextNew && a[x] == b[y])
                rebuilt.append(a[x])
                nextOld += 1
                nextNew += 1
                equal += 1
            case .delete(let x):
                #expect(x == nextOld)
                nextOld += 1
            case .insert(let y):
                #expect(y == nextNew)
                rebuilt.append(b[y])
                nextNew += 1
            }
        }
        #expect(rebuilt == b)
        #expect(nextOld == a.count)
        #expect(equal == Self.lcs(a, b))
    }
}
