import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPClient {
    /// Collects each task's response and body, cutting a body that grows past the cap, and resumes its waiter.
    final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        enum Failure: Error {
            case tooLarge
            case transport(URLError.Code)
        }

        private struct Pending {
            var continuation: CheckedContinuation<Result<Response, Failure>, Never>?
            var response: HTTPURLResponse?
            var body = Data()
            var tooLarge = false
            /// libcurl wanted to resend the body: the server closed a reused keep-alive connection.
            var connectionLost = false
            /// The task finished before its waiter registered.
            var early: Result<Response, Failure>?
        }

        private let maxResponseBytes: Int
        private let pending = Mutex<[Int: Pending]>([:])

        init(maxResponseBytes: Int) {
            self.maxResponseBytes = maxResponseBytes
        }

        func register(_ id: Int, _ continuation: CheckedContinuation<Result<Response, Failure>, Never>) {
            let early = pending.withLock { pending -> Result<Response, Failure>? in
                if let early = pending[id]?.early {
                    pending[id] = nil
                    return early
                }
                pending[id, default: Pending()].continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        /// Called when libcurl would resend the request on a new connection. FoundationNetworking cannot
        /// rewind a `Data` body, so the resent request would carry no body and hang: the attempt ends
        /// instead, as a transient connection error the runner retries.
        func urlSession(_ session: URLSession, task: URLSessionTask, needNewBodyStream completionHandler: @escaping (InputStream?) -> Void) {
            pending.withLock { $0[task.taskIdentifier]?.connectionLost = true }
            completionHandler(nil)
            // Cancelling synchronously here would deadlock on the session's work queue, which is calling us.
            DispatchQueue.global().async { task.cancel() }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse, completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            let tooLarge = response.expectedContentLength > Int64(maxResponseBytes)
            pending.withLock { pending in
                pending[dataTask.taskIdentifier, default: Pending()].response = response as? HTTPURLResponse
                if tooLarge { pending[dataTask.taskIdentifier, default: Pending()].tooLarge = true }
            }
            completionHandler(tooLarge ? .cancel : .allow)
            // FoundationNetworking may not wait for the disposition before reading on.
            if tooLarge { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let tooLarge = pending.withLock { pending -> Bool in
                guard var entry = pending[dataTask.taskIdentifier] else { return false }
                if entry.tooLarge || entry.body.count + data.count > maxResponseBytes {
                    entry.tooLarge = true
                    entry.body = Data()
                } else {
                    entry.body.append(data)
                }
                pending[dataTask.taskIdentifier] = entry
                return entry.tooLarge
            }
            if tooLarge { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            let (continuation, result) = pending.withLock { pending -> (CheckedContinuation<Result<Response, Failure>, Never>?, Result<Response, Failure>) in
                let entry = pending.removeValue(forKey: task.taskIdentifier) ?? Pending()
                let result: Result<Response, Failure>
                if entry.tooLarge {
                    result = .failure(.tooLarge)
                } else if entry.connectionLost {
                    result = .failure(.transport(.networkConnectionLost))
                } else if let error {
                    result = .failure(.transport((error as? URLError)?.code ?? .unknown))
                } else if let response = entry.response {
                    var headers: [String: String] = [:]
                    for (name, value) in response.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                    }
                    result = .success(Response(status: response.statusCode, headers: headers, body: entry.body))
                } else {
                    result = .failure(.transport(.badServerResponse))
                }
                if entry.continuation == nil {
                    var early = Pending()
                    early.early = result
                    pending[task.taskIdentifier] = early
                }
                return (entry.continuation, result)
            }
            continuation?.resume(returning: result)
        }
    }
}
