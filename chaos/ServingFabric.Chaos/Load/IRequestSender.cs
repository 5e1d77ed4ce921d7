namespace ServingFabric.Chaos.Load;

/// <summary>A way into the fabric; <see cref="SendAsync"/> returns null on success with the right answer, else the failure's cause.</summary>
internal interface IRequestSender
{
    string Name { get; }

    Task<string?> SendAsync(long sequence, float[] row, long expectedLabel);
}
