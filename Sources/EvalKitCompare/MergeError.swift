import EvalKitSupport

/// Why the result files given to `evals merge` do not make one run (exit 2).
public enum MergeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No files were given.
    case noInputs
    /// A file's `shard` is null: it is the result of an unsharded run.
    case notAShard(path: String)
    /// A file's `shard` is not `K/N` with `1 ≤ K ≤ N`.
    case invalidShard(path: String, shard: String)
    /// Two files are shards of different counts.
    case shardCountMismatch(path: String, count: Int, otherPath: String, otherCount: Int)
    /// A shard was given more than once.
    case duplicateShard(index: Int, count: Int, paths: [String])
    /// Shards are missing; `given` lists each file with its shard.
    case missingShards(indices: [Int], count: Int, given: [String])
    /// A file does not hold the same suites as shard 1's.
    case suitesDiffer(path: String, expected: [String], found: [String], referencePath: String)
    /// A file does not hold the same targets in a suite as shard 1's.
    case targetsDiffer(suite: String, path: String, expected: [String], found: [String], referencePath: String)
    /// A case ran in more than one shard: the files of two runs were mixed, or the shards were not cut the same way.
    case caseRanTwice(suite: String, target: String, caseID: String, shards: [Int], paths: [String])
    /// One result file lists a case twice for one target.
    case caseRepeated(suite: String, target: String, caseID: String, path: String)

    public var description: String {
        switch self {
        case .noInputs:
            return "merge needs the results file of every shard"
        case .notAShard(let path):
            return "\(path): not the result of a shard (its \"shard\" is null)"
        case .invalidShard(let path, let shard):
            return "\(path): invalid shard \"\(shard)\" (expected K/N with N \(NumberRange.shardCount) and 1 <= K <= N)"
        case .shardCountMismatch(let path, let count, let otherPath, let otherCount):
            return "shard counts differ: \(path) is a shard of \(count), \(otherPath) of \(otherCount)"
        case .duplicateShard(let index, let count, let paths):
            return "shard \(index)/\(count) is given more than once: \(paths.joined(separator: ", "))"
        case .missingShards(let indices, let count, let given):
            let which = indices.map(String.init).joined(separator: ", ")
            let noun = indices.count == 1 ? "shard \(which) of \(count) is" : "shards \(which) of \(count) are"
            return "\(noun) missing (given: \(given.joined(separator: ", ")))"
        case .suitesDiffer(let path, let expected, let found, let referencePath):
            return "\(path): suites [\(found.joined(separator: ", "))] differ from [\(expected.joined(separator: ", "))] in \(referencePath)"
        case .targetsDiffer(let suite, let path, let expected, let found, let referencePath):
            return "\(path): suite \(suite) has targets [\(found.joined(separator: ", "))], but [\(expected.joined(separator: ", "))] in \(referencePath)"
        case .caseRanTwice(let suite, let target, let caseID, let shards, let paths):
            let list = shards.dropLast().map(String.init).joined(separator: ", ") + " and \(shards.last ?? 0)"
            return "suite \(suite), target \(target): case \(caseID) ran in shards \(list) (\(paths.joined(separator: ", ")))"
        case .caseRepeated(let suite, let target, let caseID, let path):
            return "\(path): suite \(suite), target \(target) lists case \(caseID) twice; a result file holds each case once (was it edited or joined with another?)"
        }
    }
}
