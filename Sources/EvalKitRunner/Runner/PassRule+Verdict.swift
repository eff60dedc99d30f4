import EvalKitResults
import EvalKitSuite

extension PassRule {
    /// The passing samples a case needs out of `samples` (a K above the sample count asks for all).
    func required(of samples: Int) -> Int {
        switch self {
        case .all: samples
        case .majority: samples / 2 + 1
        case .atLeast(let count): min(max(count, 1), samples)
        }
    }

    /// The case's outcome from its samples' verdicts (SPEC §5.4): it fails when the passes and
    /// errors together fall short, and is an `error` when only the errors keep it from passing.
    func outcome(passes: Int, failures: Int, errors: Int) -> Outcome {
        let needed = required(of: passes + failures + errors)
        if passes >= needed { return .passed }
        if passes + errors >= needed { return .error }
        return .failed
    }

    /// The rule as a suite writes it.
    var text: String {
        switch self {
        case .all: "all"
        case .majority: "majority"
        case .atLeast(let count): String(count)
        }
    }
}
