namespace ServingFabric.Cli.Tests.CommandLine;

/// <summary>The management commands parse into the request the gateway expects: method, path and JSON body.</summary>
public sealed class ManagementArgumentsTests
{
    [Theory]
    [InlineData("versions register iris 2 --artifact /in/m.onnx --sha256 abc --default --reason retrained", "POST", "v1/models/iris/versions",
        """{"version":"2","artifact":"/in/m.onnx","sha256":"abc","default":true,"reason":"retrained"}""")]
    [InlineData("versions register iris 2 --artifact /in/m.onnx --sha256 abc", "POST", "v1/models/iris/versions",
        """{"version":"2","artifact":"/in/m.onnx","sha256":"abc","default":false}""")]
    [InlineData("versions default iris 2", "POST", "v1/models/iris/versions/2/default", null)]
    [InlineData("versions retire iris 1 --reason old", "POST", "v1/models/iris/versions/1/retire", """{"reason":"old"}""")]
    [InlineData("rollback iris", "POST", "v1/models/iris/rollback", null)]
    [InlineData("traffic set iris --weights 1=90,2=10", "PUT", "v1/models/iris", """{"weights":[{"version":"1","percent":90},{"version":"2","percent":10}]}""")]
    [InlineData("traffic set iris --mirror 3=5", "PUT", "v1/models/iris", """{"mirror":{"version":"3","percent":5}}""")]
    [InlineData("traffic set iris --no-mirror", "PUT", "v1/models/iris", """{"mirror":null}""")]
    [InlineData("fault set iris 2 --abort-percent 20 --abort-status 500 --reason drill", "PUT", "v1/models/iris/versions/2/fault",
        """{"abort_percent":20,"abort_status":500,"reason":"drill"}""")]
    [InlineData("fault set iris 2 --delay-percent 10 --delay-ms 250 --reason drill", "PUT", "v1/models/iris/versions/2/fault",
        """{"delay_percent":10,"delay_ms":250,"reason":"drill"}""")]
    [InlineData("fault clear iris 2 --reason done", "DELETE", "v1/models/iris/versions/2/fault", """{"reason":"done"}""")]
    [InlineData("canary start iris 2 --steps 5,20,100 --min-requests 800 --min-step-seconds 120 --hard-guard-error-rate 0.1", "POST", "v1/models/iris/canary",
        """{"version":"2","steps":[5,20,100],"min_requests_per_step":800,"min_step_seconds":120,"hard_guard_error_rate":0.1}""")]
    [InlineData("canary start iris 2", "POST", "v1/models/iris/canary", """{"version":"2"}""")]
    [InlineData("ab start iris 2 --control 1 --treatment-percent 30 --metric latency --min-duration-seconds 600 --min-samples 100 --max-samples 5000", "POST",
        "v1/models/iris/experiments",
        """{"treatment":"2","control":"1","treatment_percent":30,"metric":"latency","minimum_duration_seconds":600,"min_samples_per_arm":100,"max_samples_per_arm":5000}""")]
    [InlineData("promote iris --reason looks-good", "POST", "v1/models/iris/promote", """{"reason":"looks-good"}""")]
    [InlineData("abort iris", "POST", "v1/models/iris/abort", null)]
    [InlineData("pause iris", "POST", "v1/models/iris/pause", null)]
    [InlineData("resume iris", "POST", "v1/models/iris/resume", null)]
    [InlineData("scaling set iris --min 2 --max 8 --target-in-flight 4 --target-p95-ms 50 --scale-down-seconds 300 --max-queue-length 200 --queue-timeout-seconds 1.5",
        "PUT", "v1/models/iris/scaling",
        """{"min_replicas":2,"max_replicas":8,"target_in_flight_per_replica":4,"target_p95_latency_ms":50,"scale_down_stabilization_seconds":300,"max_queue_length":200,"queue_timeout_seconds":1.5}""")]
    public void Parse_Change_BuildsRequest(string commandLine, string method, string path, string? body)
    {
        var change = Assert.IsType<ChangeCommand>(CliArguments.Parse(commandLine.Split(' ')));

        Assert.Equal(method, change.Method.Method);
        Assert.Equal(path, change.Path);
        Assert.Equal(body, change.Body?.ToJsonString());
    }

    [Theory]
    [InlineData("versions list iris", typeof(ListVersionsCommand))]
    [InlineData("scaling get iris", typeof(GetScalingCommand))]
    [InlineData("experiment get iris", typeof(GetExperimentCommand))]
    public void Parse_Read_ReturnsCommand(string commandLine, Type expected) =>
        Assert.IsType(expected, CliArguments.Parse(commandLine.Split(' ')));

    [Fact]
    public void Parse_ExperimentWatch_TakesIntervalAndTimeout()
    {
        var command = CliArguments.Parse(["experiment", "get", "iris", "--watch", "--interval", "2", "--timeout=90"]);

        Assert.Equal(new GetExperimentCommand(new Uri(CliArguments.DefaultUrl), "iris", true, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(90)), command);
    }

    [Fact]
    public void Parse_ExperimentWithoutWatch_DefaultsToOneShot()
    {
        var command = Assert.IsType<GetExperimentCommand>(CliArguments.Parse(["experiment", "get", "iris"]));

        Assert.False(command.Watch);
        Assert.Equal(TimeSpan.FromSeconds(5), command.Interval);
        Assert.Equal(TimeSpan.FromHours(1), command.Timeout);
    }

    [Fact]
    public void Parse_GatewayApiKeyAndActor_FromOptionsBeforeEnvironment()
    {
        var command = CliArguments.Parse(["rollback", "iris", "--gateway", "http://gw:9000", "--api-key", "k1", "--actor", "alice"], "http://env:1", "k2", "bob");

        Assert.Equal(new Uri("http://gw:9000"), command.Url);
        Assert.Equal("k1", command.ApiKey);
        Assert.Equal("alice", command.Actor);
    }

    [Fact]
    public void Parse_NoOptions_TakesKeyAndActorFromEnvironment()
    {
        var command = CliArguments.Parse(["promote", "iris"], null, "k2", "bob");

        Assert.Equal("k2", command.ApiKey);
        Assert.Equal("bob", command.Actor);
        Assert.Equal(new Uri(CliArguments.DefaultUrl), command.Url);
    }

    [Theory]
    [InlineData("versions register iris 2 --sha256 abc", "'fabric versions register' needs --artifact")]
    [InlineData("versions register iris", "'fabric versions register' needs a version, as in: fabric versions register iris 2")]
    [InlineData("versions list", "'fabric versions list' needs a model name")]
    [InlineData("versions list iris extra", "unexpected argument 'extra'; 'fabric versions list' takes <model>")]
    [InlineData("versions drop iris 1", "unknown command 'versions drop iris 1'; did you mean one of 'fabric versions list <model>'")]
    [InlineData("fault set iris 2 --abort-percent 10", "'fabric fault set' needs --reason")]
    [InlineData("fault clear iris 2", "'fabric fault clear' needs --reason")]
    [InlineData("fault set iris 2 --abort-percent ten --reason x", "--abort-percent 'ten' is not a number")]
    [InlineData("traffic set iris", "'fabric traffic set' needs --weights, --mirror or --no-mirror")]
    [InlineData("traffic set iris --weights 1:90", "--weights '1:90' is not a list of version=percent")]
    [InlineData("traffic set iris --weights 1=x", "'x' is not a number")]
    [InlineData("traffic set iris --mirror 2=5 --no-mirror", "give --mirror or --no-mirror, not both")]
    [InlineData("traffic set iris --mirror 2=5,3=5", "names 2 versions; mirror to one")]
    [InlineData("traffic set iris --no-mirror=yes", "option '--no-mirror' is a switch and takes no value")]
    [InlineData("ab start iris 2 --metric clicks", "--metric 'clicks' is not a metric; give reward, latency or errors")]
    [InlineData("ab start iris 2 --min-samples 1.5", "--min-samples '1.5' is not a whole number")]
    [InlineData("experiment get iris --interval 2", "--interval and --timeout only apply with --watch")]
    [InlineData("experiment get iris --watch --interval 0.1", "--interval must be 0.5 to 3600 seconds")]
    [InlineData("scaling set iris", "'fabric scaling set' needs at least one of --min")]
    [InlineData("scaling set iris --min 2 --steps 10", "option '--steps' does not apply to 'fabric scaling set'")]
    [InlineData("promote", "'fabric promote' needs a model name")]
    [InlineData("rollback iris --url http://a:1 --gateway http://b:2", "is given twice")]
    [InlineData("canary iris 2", "unknown command 'canary iris 2'; did you mean 'fabric canary start <model> <version>'?")]
    public void Parse_Mistake_SaysWhatToType(string commandLine, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_ListsEveryCommand()
    {
        foreach (var spec in CliArguments.Commands)
        {
            Assert.Contains($"fabric {spec.Name}", CliArguments.Usage.Replace("promote|abort|pause|resume", "promote fabric abort fabric pause fabric resume", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
