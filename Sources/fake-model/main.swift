import Dispatch
import FakeModelServer
import Foundation

/// The `fake-model` command: runs a FakeModelServer until SIGTERM or SIGINT.
enum FakeModelCommand {
    static let usage = """
        usage: fake-model [options]
          --port N              port on 127.0.0.1 (0, the default, picks a free one)
          --latency-ms N        delay every model request by N ms (default 0)
          --error-rate X        answer this fraction of model requests with 429 (Retry-After: 0) or 503
          --seed N              seed for --error-rate (default 1)
          --require-key KEY     answer 401 to requests without this key
          --require-key-env V   the same, reading the key from environment variable V
          --require-token TOKEN answer 401 to Vertex AI requests without `Authorization: Bearer TOKEN`
                                (without it, Vertex AI requests need the --require-key key as their token)
          --model-version V     answer with modelVersion V (Gemini, Vertex AI) and system_fingerprint V (OpenAI)
          --script PATH         answers of the `scripted` model: JSON {"prompt": "answer"} or JSONL
          --max-body N          largest request body in bytes (default 8388608)
          --batch-polls N       polls a batch job answers as running before it ends (default 1)
        Prints `listening on 127.0.0.1:PORT` first. Models: next-number (any name), base, *-base,
        echo, scripted, blocked, truncate, missing* (404). Vertex AI: /v1/projects/P/locations/L/
        endpoints/E and .../publishers/google/models/M (:generateContent, and GET of an endpoint;
        creating* and empty* endpoints have no deployed model). GET .../tunedModels/T: creating*
        is CREATING, failed* FAILED. Batch APIs: Gemini :batchGenerateContent, batches/ID, Files
        upload/download; OpenAI /files, /batches. Models *-batch-expired, *-batch-failed,
        *-batch-errors (every 3rd request an error line) and *-batch-dropped (every 3rd left
        out) shape a job's end. GET /_stats returns the counters.
        """

    static func configuration(from arguments: [String]) throws(UsageError) -> FakeModelServer.Configuration {
        var configuration = FakeModelServer.Configuration()
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let value = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            return value
        }
        func number<T: LosslessStringConvertible>(_ flag: String, as type: T.Type) throws(UsageError) -> T {
            let text = try value(flag)
            guard let number = T(text) else { throw UsageError(message: "\(flag): '\(text)' is not a valid number") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--port": configuration.port = try number(flag, as: UInt16.self)
            case "--latency-ms": configuration.latencyMilliseconds = try number(flag, as: Int.self)
            case "--error-rate":
                configuration.errorRate = try number(flag, as: Double.self)
                guard (0...1).contains(configuration.errorRate) else { throw UsageError(message: "--error-rate must be between 0 and 1") }
            case "--seed": configuration.seed = try number(flag, as: UInt64.self)
            case "--require-key": configuration.requiredKey = try value(flag)
            case "--require-key-env":
                let name = try value(flag)
                guard let key = ProcessInfo.processInfo.environment[name], !key.isEmpty else {
                    throw UsageError(message: "--require-key-env: environment variable \(name) is not set")
                }
                configuration.requiredKey = key
            case "--require-token": configuration.requiredToken = try value(flag)
            case "--model-version": configuration.modelVersion = try value(flag)
            case "--script":
                do {
                    configuration.script = try FakeModelServer.Configuration.loadScript(contentsOf: URL(fileURLWithPath: try value(flag)))
                } catch let error as FakeModelServer.Configuration.ScriptError {
                    throw UsageError(message: error.message)
                } catch {
                    throw UsageError(message: "--script: \(error)")
                }
            case "--max-body": configuration.maxBodyBytes = try number(flag, as: Int.self)
            case "--batch-polls": configuration.batchPolls = try number(flag, as: Int.self)
            case "--help", "-h": throw UsageError(message: "", isHelp: true)
            default: throw UsageError(message: "unknown option '\(flag)'")
            }
        }
        return configuration
    }

    /// A bad command line, or a request for help.
    struct UsageError: Error {
        var message: String
        var isHelp = false
    }

    static func main() -> Never {
        let configuration: FakeModelServer.Configuration
        do {
            configuration = try self.configuration(from: Array(CommandLine.arguments.dropFirst()))
        } catch {
            if error.isHelp {
                FileHandle.standardOutput.write(Data("\(usage)\n".utf8))
                exit(0)
            }
            FileHandle.standardError.write(Data("fake-model: \(error.message)\n\(usage)\n".utf8))
            exit(2)
        }
        // A handler installed before the port line is printed: a signal sent at any moment after
        // that ends the process cleanly, whichever thread it reaches. Open sockets close with it.
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber) { _ in _exit(0) }
        }
        let server: FakeModelServer
        do {
            server = try FakeModelServer(configuration)
        } catch {
            FileHandle.standardError.write(Data("fake-model: \(error.message)\n".utf8))
            exit(1)
        }
        FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(server.port)\n".utf8))
        dispatchMain()
    }
}

FakeModelCommand.main()
