import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

/// Which errors are configuration errors (SPEC §2, §6, §10.1): they stop the target and exit 2.
@Suite struct ProviderErrorKindTests {
    @Test(arguments: [(401, ProviderError.Kind.fatal), (403, .fatal), (404, .fatal), (400, .permanent), (501, .permanent), (429, .transient), (503, .transient)])
    func statusKinds(status: Int, kind: ProviderError.Kind) {
        #expect(ProviderError.kind(forStatus: status) == kind)
    }

    @Test(arguments: [URLError.Code.serverCertificateUntrusted, .serverCertificateHasUnknownRoot, .serverCertificateHasBadDate, .secureConnectionFailed])
    func aTLSTrustFailureStopsTheTargetAndSaysWhatToSet(code: URLError.Code) {
        let error = HTTPClient.error(for: code, place: "https://127.0.0.1:8443")
        #expect(error.kind == .fatal)
        #expect(error.message.hasPrefix("TLS connection to https://127.0.0.1:8443 failed"))
        #expect(error.message.contains("set ca_file or SSL_CERT_FILE"))
    }
}
