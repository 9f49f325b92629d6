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

@Suite struct DidYouMeanBudgetTests {
    /// A budget caps the work of a run's suggestions, counted in comparisons of one character with one.
    @Test func aBudgetBoundsTheWorkAndTheNumberOfSuggestions() {
        let candidates = (0..<2000).map { "instance-name-number-\($0)-of-the-fleet" }
        var budget = DidYouMean.Budget(hints: 5, cells: 1_000_000)
        var given = 0
        for index in 0..<50 where !DidYouMean.hint(for: "instance-name-numbr-\(index)-of-the-fleet", among: candidates, budget: &budget).isEmpty {
            given += 1
        }
        #expect(given <= 5)
        #expect(budget.cellsUsed <= 1_000_000)
    }

    @Test func withinItsBudgetASuggestionIsTheClosest() {
        var budget = DidYouMean.Budget()
        #expect(DidYouMean.hint(for: "codr-12", among: ["coder-1", "coder-12", "coder-123"], budget: &budget) == #" (did you mean "coder-12"?)"#)
    }
}
