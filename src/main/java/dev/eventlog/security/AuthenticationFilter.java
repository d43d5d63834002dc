package dev.eventlog.security;

import dev.eventlog.platform.error.ErrorResponses;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic with the secret as the user name and an empty password, as Close's API does. Decides
 * per resource which credential is accepted ({@link Secured}, API key by default) and whether an
 * admin is required ({@link AdminOnly}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Caller caller;

    @Inject
    AccountService accounts;

    @Inject
    SystemToken systemToken;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceMethod() == null) {
            return; // no matching resource: JAX-RS answers 404/405 itself
        }
        Credential required = annotation(Secured.class).map(Secured::value).orElse(Credential.API_KEY);
        Optional<String> secret = basicUser(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (secret.isEmpty()) {
            request.abortWith(unauthorized("Authentication required: use HTTP Basic with your key as the user name."));
            return;
        }
        if (required == Credential.SYSTEM_TOKEN) {
            if (systemToken.matches(secret.get())) {
                caller.authenticate(null, null, null);
            } else {
                request.abortWith(unauthorized("Invalid system token."));
            }
            return;
        }
        Optional<AccountService.Authenticated> match = accounts.authenticate(secret.get());
        String expectedKind = switch (required) {
            case INGEST_KEY -> ApiKey.KIND_INGEST;
            case CONSUMER_KEY -> ApiKey.KIND_CONSUMER;
            default -> ApiKey.KIND_API;
        };
        if (match.isEmpty() || !match.get().key().getKind().equals(expectedKind)) {
            request.abortWith(unauthorized(switch (required) {
                case INGEST_KEY -> "Invalid ingest key.";
                case CONSUMER_KEY -> "Invalid consumer key.";
                default -> "Invalid API key.";
            }));
            return;
        }
        ApiKey key = match.get().key();
        AppUser user = match.get().user();
        caller.authenticate(key.getOrganizationId(), user == null ? null : user.getId(), user == null ? null : user.getRole());
        caller.identifyKey(key.getId());
        if (annotation(AdminOnly.class).isPresent() && !caller.isAdmin()) {
            request.abortWith(ErrorResponses.error(403, "This action requires an admin API key."));
        }
    }

    private <A extends java.lang.annotation.Annotation> Optional<A> annotation(Class<A> type) {
        return Optional.ofNullable(find(resource.getResourceMethod(), type))
                .or(() -> Optional.ofNullable(find(resource.getResourceClass(), type)));
    }

    private static <A extends java.lang.annotation.Annotation> A find(AnnotatedElement element, Class<A> type) {
        return element == null ? null : element.getAnnotation(type);
    }

    /** The user-name part of a Basic header; the password, if any, is ignored. */
    static Optional<String> basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? Optional.empty() : Optional.of(user);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response unauthorized(String message) {
        Response response = ErrorResponses.error(401, message);
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"eventlog\"").build();
    }
}
