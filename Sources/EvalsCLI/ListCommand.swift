import EvalKit
import Foundation

/// `evals list`: the targets and selected cases of each suite (SPEC §9).
struct ListCommand {
    let invocation: Invocation
    let console: Console

    func execute() -> Int32 {
        let planned: [PlannedSuite]
        do {
            planned = try SuitePlanner.plan(invocation, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: false)
        }
        var out = ""
        for item in planned {
            out += "suite \(item.suite.name) (\(item.path))\n"
            for target in item.suite.targets {
                let marker = target.name == item.suite.defaultTarget ? " [default]" : ""
                out += "target \(target.name) \(target.provider) \(target.model ?? "-")\(marker)\n"
            }
            for entry in item.cases where entry.skip == nil {
                let suiteCase = entry.suiteCase
                out += "\(suiteCase.id)\t\(suiteCase.tags.joined(separator: ","))\t\(JSONText.string(suiteCase.prompt))\n"
            }
        }
        console.stdout.write(out)
        return ExitStatus.success
    }
}

/// JSON text of single values, written by hand so the output is stable.
enum JSONText {
    /// `s` as a JSON string literal; non-ASCII kept as is, control characters escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
