@testable import FailoverCore
import Testing

@Suite struct DidYouMeanTests {
    @Test func suggestsCloseWords() {
        #expect(DidYouMean.closest(to: "provider_chian", among: ["provider_chain", "instances"]) == "provider_chain")
        #expect(DidYouMean.closest(to: "antropic", among: ProviderRegistry.builtIn.names.map(\.rawValue)) == "anthropic")
    }

    @Test func staysQuietForUnrelatedWords() {
        #expect(DidYouMean.closest(to: "zzz", among: ["provider_chain", "instances"]) == nil)
        #expect(DidYouMean.hint(for: "banana", among: ["mode"]) == "")
    }
}
