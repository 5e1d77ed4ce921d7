namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>Every representative endpoint against every kind of credential, over the gateway's HTTP listener.</summary>
[Collection(AuthGatewayCollection.Name)]
public sealed class EndpointCredentialMatrixTests(AuthGatewayFixture fixture)
{
    public static TheoryData<string, string> Cells => AuthMatrix.Cells();

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Endpoint_WithCredential_AnswersAsTheMatrixSays(string endpoint, string credential) =>
        AuthMatrix.AssertCellAsync(fixture.Http, fixture.Credentials, endpoint, credential);
}
