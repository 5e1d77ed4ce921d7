using ServingFabric.Hosting;

// The embedded default needs no configuration: one silo, localhost clustering, in-memory state, the sample model,
// and the Open Inference Protocol on http://127.0.0.1:8080. Settings come from appsettings.json, environment
// variables (ServingFabric__Gateway__Url=...) and the command line (--ServingFabric:Gateway:Url=...).
// Settings travel with the executable (appsettings.json beside it), data stays where the command runs: the model
// repository's relative path resolves against the working directory, so `models/` is the folder the user sees.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServingFabricSilo();

var app = builder.Build();
app.MapServingFabric();
app.Run();
