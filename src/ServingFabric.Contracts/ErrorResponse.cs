namespace ServingFabric.Contracts;

/// <summary>Every error answer of the management API, in the Open Inference Protocol's shape: <c>{"error": "..."}</c>.</summary>
/// <param name="Error">What was wrong and what to do; for a bad body it names the field, what it was and what is expected.</param>
public sealed record ErrorResponse(string Error);
