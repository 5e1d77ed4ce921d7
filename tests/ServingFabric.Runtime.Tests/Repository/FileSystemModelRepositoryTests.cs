using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Tests.TestModels;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class FileSystemModelRepositoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FileSystemModelRepository _repository;

    public FileSystemModelRepositoryTests()
    {
        _repository = new FileSystemModelRepository(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ListModels_ValidAndInvalidFolders_ListsValidOnesSorted()
    {
        Directory.CreateDirectory(_temp.Combine("resnet"));
        Directory.CreateDirectory(_temp.Combine("iris"));
        Directory.CreateDirectory(_temp.Combine("has space"));
        Directory.CreateDirectory(_temp.Combine(".git"));
        Directory.CreateDirectory(_temp.Combine("Bert-base_v1.2"));
        _temp.WriteFile("not-a-folder", "x");

        var models = _repository.ListModels();

        Assert.Equal(["Bert-base_v1.2", "iris", "resnet"], models);
    }

    [Fact]
    public void ListModels_MissingRoot_IsEmpty()
    {
        var repository = new FileSystemModelRepository(_temp.Combine("absent"));

        Assert.Empty(repository.ListModels());
    }

    [Fact]
    public void Find_VersionFolders_ListsThoseWithArtifactNumericFirst()
    {
        foreach (var version in new[] { "10", "2", "1", "beta" })
        {
            _temp.WriteFile($"iris/{version}/model.onnx", [1]);
        }

        Directory.CreateDirectory(_temp.Combine("iris", "3"));
        _temp.WriteFile("iris/4/README", "no model here");

        var model = _repository.Find("iris");

        Assert.NotNull(model);
        Assert.Equal("iris", model.Name);
        Assert.Equal(["1", "2", "10", "beta"], model.Versions);
        Assert.Equal("beta", model.DefaultVersion);
        Assert.Equal(0, model.Config.MaxBatchSize);
    }

    [Fact]
    public void Find_WithConfig_ReadsIt()
    {
        _temp.WriteFile("iris/1/model.onnx", [1]);
        _temp.WriteFile("iris/config.json", """{"max_batch_size": 16, "default_version": "1"}""");

        var model = _repository.Find("iris");

        Assert.Equal(16, model!.Config.MaxBatchSize);
        Assert.Equal("1", model.DefaultVersion);
    }

    [Fact]
    public void Find_InvalidConfig_ThrowsInvalidInputNamingFile()
    {
        var path = _temp.WriteFile("iris/config.json", """{"max_batch_size": -4}""");

        var ex = Assert.Throws<InferenceException>(() => _repository.Find("iris"));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith($"{path}: max_batch_size is -4", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("")]
    public void Find_UnknownOrInvalidName_ReturnsNull(string name)
    {
        Assert.Null(_repository.Find(name));
    }

    [Fact]
    public void GetArtifactPath_ModelAndVersion_IsUnderRoot()
    {
        var path = _repository.GetArtifactPath("iris", "7");

        Assert.Equal(Path.Combine(Path.GetFullPath(_temp.Path), "iris", "7", "model.onnx"), path);
    }

    [Theory]
    [InlineData("..", "1")]
    [InlineData("iris", "../../secrets")]
    public void GetArtifactPath_InvalidName_ThrowsInvalidInput(string model, string version)
    {
        var ex = Assert.Throws<InferenceException>(() => _repository.GetArtifactPath(model, version));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void Location_RelativeRoot_IsFullPath()
    {
        Assert.Equal(Path.GetFullPath(_temp.Path), _repository.Location);
    }
}
