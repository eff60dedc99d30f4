@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// https through a real TLS front: nginx, with certificates made at test time, in front of
/// fake-model (SPEC §10.1, §2's exit code 2). Trust comes from `ca_file` or `SSL_CERT_FILE`;
/// certificate and host name failures are named, never retried, and stop the target.
@Suite("TLS", .serialized)
struct TLSTests {
    /// An `openai` target `tls` at `base`, with `extra` lines under it.
    static func suite(base: String, extra: String = "", cases: Int = 5) -> String {
        """
        suite: tls
        targets:
          tls:
            provider: openai
            base_url: \(base)/v1
            model: next-number
        \(extra)
        \(NetworkRunTests.numberCases(cases))
        """
    }

    @Test func aPrivateCAInCAFileIsTrustedForItsTarget() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let front = try await TLSFront.start(upstreamPort: server.port)
        defer { front.stop() }
        let scratch = try Scratch()
        try scratch.write("certs/ca.pem", try String(contentsOfFile: front.caFile, encoding: .utf8))
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: front.baseURL(.trusted), extra: "    ca_file: certs/ca.pem"))

        let result = await scratch.run([path, "--golden", "off"])

        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(try scratch.results().counts(of: "tls")["passed"] == 5)
        #expect(front.requests(.trusted) == 5)
        #expect(server.stats.requests == 5)
    }

    @Test func aPrivateCAInSSLCertFileIsTrustedForEveryTarget() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let front = try await TLSFront.start(upstreamPort: server.port)
        defer { front.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: front.baseURL(.trusted)))

        let result = await scratch.run([path, "--golden", "off"], environment: ["SSL_CERT_FILE": front.caFile])

        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(try scratch.results().counts(of: "tls")["passed"] == 5)
        #expect(server.stats.requests == 5)
    }

    /// A server whose certificate cannot be trusted, and what the error must say.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var certificate: TLSFront.Certificate
        /// Whether the suite trusts the test CA (with `ca_file`).
        var trustsCA: Bool
        var message: String
        var testDescription: String { "\(certificate.rawValue)\(trustsCA ? "" : " without ca_file")" }
    }

    static let refusals = [
        Refusal(certificate: .trusted, trustsCA: false,
                message: "TLS: certificate of 127.0.0.1 is not trusted (self-signed or unknown CA): set ca_file or SSL_CERT_FILE"),
        Refusal(certificate: .selfSigned, trustsCA: true,
                message: "TLS: certificate of 127.0.0.1 is not trusted (self-signed or unknown CA): set ca_file or SSL_CERT_FILE"),
        Refusal(certificate: .expired, trustsCA: true,
                message: "TLS: certificate of 127.0.0.1 has expired: renew the server's certificate"),
        Refusal(certificate: .wrongHost, trustsCA: true,
                message: "TLS: certificate of 127.0.0.1 does not name 127.0.0.1 (host name mismatch)"),
    ]

    @Test(arguments: refusals)
    func anUntrustedCertificateIsANamedErrorSentOnceThatStopsTheTargetAndExits2(_ refusal: Refusal) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let front = try await TLSFront.start(upstreamPort: server.port)
        defer { front.stop() }
        let scratch = try Scratch()
        try scratch.write("ca.pem", try String(contentsOfFile: front.caFile, encoding: .utf8))
        let path = try scratch.write("tls.yaml-lite", Self.suite(
            base: front.baseURL(refusal.certificate), extra: refusal.trustsCA ? "    ca_file: ca.pem" : "", cases: 12))

        let result = await scratch.run([path, "--golden", "off", "--concurrency", "4"])

        #expect(result.code == 2, "TLS trust is configuration: rerunning will not help: \(result.stderr)\n\(result.stdout)")
        let announcements = result.stderr.split(separator: "\n").filter { $0.contains("remaining cases were not sent") }
        #expect(announcements.count == 1, "\(result.stderr)")
        #expect(announcements.first?.contains(refusal.message) == true, "\(result.stderr)")
        #expect(server.stats.requests == 0, "no request got through the TLS front")
        #expect(front.requests(refusal.certificate) == 0)

        let results = try scratch.results()
        #expect(results.counts(of: "tls") == ["passed": 0, "failed": 0, "error": 12, "skipped": 0])
        let cases = results.cases("tls")
        #expect(cases.allSatisfy { ($0["retries"] as? Int) == 0 }, "a TLS failure is never retried")
        #expect(cases.allSatisfy { ($0["error_kind"] as? String) == "configuration" })
        let messages = cases.compactMap { ($0["messages"] as? [String])?.first }
        #expect(messages.count == 12)
        #expect(messages.allSatisfy { $0.contains(refusal.message) }, "\(messages)")
        let attempted = messages.count { !$0.hasPrefix("not sent: ") }
        #expect((1...4).contains(attempted), "only the attempts in flight when the first failure came: \(attempted)")
    }

    @Test func httpsToAPlainHTTPPortIsANamedHandshakeFailure() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let front = try await TLSFront.start(upstreamPort: server.port)
        defer { front.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: "https://127.0.0.1:\(front.plainPort)"))

        let result = await scratch.run([path, "--golden", "off", "--concurrency", "1"])

        #expect(result.code == 2, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stderr.contains("TLS: handshake with 127.0.0.1 failed ("), "\(result.stderr)")
        #expect(result.stderr.contains("check that the URL's port serves https"), "\(result.stderr)")
        #expect(server.stats.requests == 0, "the handshake's bytes are no HTTP request")
        let cases = try scratch.results().cases("tls")
        #expect(cases.allSatisfy { ($0["retries"] as? Int) == 0 })
    }

    @Test func keepAliveConnectionsAreReusedOverTLS() async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 2))
        defer { server.stop() }
        let front = try await TLSFront.start(upstreamPort: server.port)
        defer { front.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: front.baseURL(.trusted), cases: 200))
        let concurrency = 8

        let result = await scratch.run([path, "--golden", "off", "--concurrency", "\(concurrency)"], environment: ["SSL_CERT_FILE": front.caFile])

        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(front.requests(.trusted) == 200)
        let connections = front.connections(.trusted)
        #expect((1...(concurrency + 4)).contains(connections), "200 requests at concurrency \(concurrency) opened \(connections) TLS connections")
    }

    @Test func aCAFileThatHoldsNoCertificateIsAConfigurationErrorAtTheTarget() async throws {
        let scratch = try Scratch()
        try scratch.write("not-a-cert.pem", "hello\n")
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: "https://127.0.0.1:9", extra: "    ca_file: not-a-cert.pem"))

        let result = await scratch.run([path, "--golden", "off"])

        #expect(result.code == 2)
        #expect(result.stderr.contains("ca_file: cannot load '"), "\(result.stderr)")
        #expect(result.stderr.contains("not-a-cert.pem' as PEM certificates"), "\(result.stderr)")
    }

    @Test func aMissingCAFileIsASuiteErrorAtItsValue() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("tls.yaml-lite", Self.suite(base: "https://127.0.0.1:9", extra: "    ca_file: certs/missing.pem"))

        let result = await scratch.run(["check", path])

        #expect(result.code == 2)
        #expect(result.stderr.contains("tls.yaml-lite:7:14: error: ca_file 'certs/missing.pem' does not exist"), "\(result.stderr)")
    }
}
