using ServingFabric.Hosting;

// The embedded default needs no configuration: one silo, localhost clustering, in-memory state, the sample model,
// and the Open Inference Protocol on http://127.0.0.1:8080. Settings come from appsettings.json, environment
// variables (ServingFabric__Gateway__Url=...) and the command line (--ServingFabric:Gateway:Url=...).
var builder = WebApplication.CreateBuilder(args);
builder.AddServingFabricSilo();

var app = builder.Build();
app.MapServingFabric();
app.Run();
