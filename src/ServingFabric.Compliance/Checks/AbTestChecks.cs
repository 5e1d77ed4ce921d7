using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Releases;

namespace ServingFabric.Compliance.Checks;

/// <summary>AB-1 .. AB-4: A/B tests from the release records.</summary>
internal static class AbTestChecks
{
    private const string Area = "A/B testing";
    private const string StartOne = "an A/B test (fabric ab start <model> <version> --treatment-percent 50)";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("AB-1", Area, "Traffic split between versions", Split),
        new("AB-2", Area, "Performance of the versions compared", Compared),
        new("AB-3", Area, "Winning version promoted", Promoted),
        new("AB-4", Area, "Results statistically significant", Significant),
    ];

    internal static Verdict Split(EvidenceSet e) => WithTests(e, tests =>
        Verdict.PassIf(tests.All(t => t.Steps.Count > 0 && t.Steps[0] is > 0 and < 100), "every A/B test splits traffic between two versions",
            "an A/B test has no split strictly between 0 and 100 %", tests.Select(Releases.Describe)));

    internal static Verdict Compared(EvidenceSet e) => WithTests(e, tests =>
    {
        var lines = tests.SelectMany(t => new[] { Releases.Describe(t) }.Concat(t.Arms.Select(a => $"  {a.Role} v{a.Version}: {a.Requests} requests, {a.Errors} errors, mean reward {a.MeanReward}"))
            .Concat(t.Tests.Select(x => "  " + Releases.Describe(x)))).ToList();
        return Verdict.PassIf(tests.All(t => t.Tests.Count > 0), "both arms of every A/B test are compared by always-valid tests",
            "an A/B test has no statistical test", lines);
    });

    internal static Verdict Promoted(EvidenceSet e) => WithTests(e, tests =>
    {
        var promoted = tests.Where(t => Releases.Ended(t, "promoted")).ToList();
        return promoted.Count > 0
            ? Verdict.Pass($"{promoted.Count} A/B tests promoted their winner", promoted.Select(Releases.Describe))
            : Verdict.NotEvidenced("no A/B test has reached a winner yet", "an A/B test run until its primary test rejects", tests.Select(Releases.Describe));
    });

    internal static Verdict Significant(EvidenceSet e) => WithTests(e, tests =>
    {
        var promoted = tests.Where(t => Releases.Ended(t, "promoted")).ToList();
        if (promoted.Count == 0)
        {
            return Verdict.NotEvidenced("no A/B test has decided yet", "an A/B test that ended in a winner", tests.Select(Releases.Describe));
        }

        var unsupported = promoted.Where(t => !t.Tests.Any(x => x.Rejected && x.PValue is { } p && x.Alpha is { } a && p <= a)).ToList();
        return Verdict.PassIf(unsupported.Count == 0, "every promoted winner rests on a rejected always-valid test (p ≤ alpha)",
            $"promoted without a significant test: {string.Join(", ", unsupported.Select(t => t.Model))}",
            promoted.SelectMany(t => t.Tests.Select(x => $"{t.Model}: {Releases.Describe(x)}")));
    });

    private static Verdict WithTests(EvidenceSet e, Func<IReadOnlyList<ExperimentResponse>, Verdict> judge)
    {
        if (!e.Fabric.Releases.IsAvailable)
        {
            return Missing.Source(e.Fabric.Releases, Missing.LiveFabric);
        }

        var tests = Releases.OfKind(e, ReleaseKind.AbTest);
        return tests.Count == 0 ? Verdict.Fail($"no model has an A/B test record ({StartOne})") : judge(tests);
    }
}
