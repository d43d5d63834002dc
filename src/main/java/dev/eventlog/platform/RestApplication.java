package dev.eventlog.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** All REST resources live under /api (the WAR is deployed at the root context). */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "Eventlog", version = "v1",
                description = "Event log and webhooks, compatible with Close's Event Log API."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "API key as the user name, empty password.")
public class RestApplication extends Application {
}
