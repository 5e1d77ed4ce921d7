using ServingFabric.Compliance.Bundle;
using ServingFabric.Compliance.Catalogue;

namespace ServingFabric.Compliance.Tests.Bundle;

public sealed class BundleWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-bundle-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Write_HostileTextFromTheFabric_IsEncodedInBothReports()
    {
        var evidence = CompliantEvidence.Create();
        var hostile = "<script>alert(1)</script> | [x](javascript:alert(2))";
        var run = new ComplianceRun(evidence, [new CheckResult("HA-1", "High availability", "Multiple replicas", ComplianceStatus.Fail, hostile, [hostile], null)]);

        BundleWriter.Write(run, _folder);

        Assert.DoesNotContain("<script>", File.ReadAllText(Path.Combine(_folder, "report.html")), StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(_folder, "report.md"));
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[x](", markdown, StringComparison.Ordinal);
        Assert.Empty(Sha256Manifest.Verify(_folder));
    }

    [Fact]
    public void Verify_FileChangedAfterTheRun_NamesIt()
    {
        BundleWriter.Write(new ComplianceRun(CompliantEvidence.Create(), ComplianceCatalogue.Evaluate(CompliantEvidence.Create())), _folder);

        File.AppendAllText(Path.Combine(_folder, "report.md"), "PASS");

        Assert.Equal(["report.md"], Sha256Manifest.Verify(_folder));
    }

    [Fact]
    public void Write_FolderWithOtherFiles_RefusesAndKeepsThem()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "mine");

        Assert.Throws<IOException>(() => BundleWriter.Write(new ComplianceRun(CompliantEvidence.Create(), []), _folder));
        Assert.True(File.Exists(Path.Combine(_folder, "notes.txt")));
    }
}
