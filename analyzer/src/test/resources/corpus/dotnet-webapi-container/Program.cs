var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen();

var app = builder.Build();

app.MapGet("/weatherforecast", () => new[] { "Freezing", "Bracing", "Chilly" });

app.Run();
