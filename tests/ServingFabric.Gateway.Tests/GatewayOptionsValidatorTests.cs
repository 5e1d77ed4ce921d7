namespace ServingFabric.Gateway.Tests;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);

    [Theory]
    [InlineData("short", null, "AdminApiKey is shorter than 16 characters")]
    [InlineData("0123456789abcdef", "/run/secrets/key", "AdminApiKey and AdminApiKeyFile are both set")]
    [InlineData(null, "/nonexistent/sf/admin-key", "AdminApiKeyFile '/nonexistent/sf/admin-key' cannot be read")]
    public void Validate_BadAdminKey_FailsNamingTheSetting(string? key, string? file, string expected)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { AdminApiKey = key, AdminApiKeyFile = file });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void Validate_ReadinessLoadGraceNotPositive_FailsNamingTheSetting(string grace)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { ReadinessLoadGrace = TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains($"ServingFabric:Gateway:ReadinessLoadGrace {grace} is not positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:10", "00:00:00", "ProbeTimeout 00:00:00 must be positive")]
    [InlineData("00:00:00.200", "00:00:05", "ProbeTimeout 00:00:05 must be positive and at most ProbeInterval (00:00:00.2000000), so rounds do not overlap; use such as 00:00:00.1000000")]
    [InlineData("-00:00:01", "00:00:05", "ProbeInterval -00:00:01 is negative")]
    public void Validate_BadProbeTiming_FailsNamingTheSetting(string interval, string timeout, string expected)
    {
        var options = new GatewayOptions { ProbeInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), ProbeTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Contains(expected, new GatewayOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProbesOffWithDefaultTimeout_Succeeds() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions { ProbeInterval = TimeSpan.Zero }).Succeeded);

    [Theory]
    [InlineData("grpc://127.0.0.1:8081", "ServingFabric:Gateway:GrpcUrl 'grpc://127.0.0.1:8081' is not an absolute http(s) URL; set it like http://127.0.0.1:8081")]
    [InlineData("http://grpc-host:8081", "ServingFabric:Gateway:GrpcUrl 'http://grpc-host:8081' names host 'grpc-host'")]
    [InlineData("https://127.0.0.1:8081", "ServingFabric:Gateway:GrpcUrl 'https://127.0.0.1:8081' has an https listener but ServingFabric:Gateway:Certificate:Path is not set")]
    public void Validate_BadGrpcUrl_FailsNamingTheSetting(string url, string expected)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { GrpcUrl = url });

        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://127.0.0.1:8081;http://[::1]:8081")]
    public void Validate_GrpcUrlUnsetOrLoopbackH2c_Succeeds(string? url) =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions { GrpcUrl = url }).Succeeded);

    [Fact]
    public void Validate_RelativeImportRoot_Fails()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { ArtifactImportRoots = ["inbox"] });

        Assert.Contains("ArtifactImportRoots entry 'inbox' is not an absolute path", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2 * 1024 * 1024)]
    public void Validate_ReceiveBlockOutOfRange_FailsNamingTheSetting(int bytes)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { ReceiveBlockBytes = bytes });

        Assert.Contains($"ReceiveBlockBytes {bytes} is outside 4096..1048576", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeRetainedBytes_Fails()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { ReceiveBlockRetainedBytes = -1 });

        Assert.Contains("ReceiveBlockRetainedBytes -1 is negative", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxArtifactImportBytesNotPositive_FailsNamingTheSetting(long bytes)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxArtifactImportBytes = bytes });

        Assert.True(result.Failed);
        Assert.Contains($"MaxArtifactImportBytes {bytes} is not positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxArtifactImportBytesOne_Succeeds() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxArtifactImportBytes = 1 }).Succeeded);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:00.001")]
    [InlineData("2.00:00:00")]
    public void Validate_MaxRequestTimeoutOutOfRange_FailsNamingTheSetting(string timeout)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxRequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("MaxRequestTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("is outside 00:00:00.001..1.00:00:00", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.001")]
    [InlineData("00:01:00")]
    [InlineData("1.00:00:00")]
    public void Validate_MaxRequestTimeoutInRange_Succeeds(string timeout) =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxRequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);
}
