package io.datarun.connectors.steward;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationFile;
import io.datarun.connectors.runtime.Problems;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * A steward's connector declarations: {@code PUT /declarations/{name}} (the YAML as body, or JSON
 * {@code {"declaration": "<YAML>", "secrets": {"NAME": "value"}}}), {@code GET} to read it back (the
 * secrets' names, never their values), {@code DELETE} to stop the connector. On the connector
 * runtime, which has the declaration reader and the confinement rules; the status of the running
 * connector stays at {@code /connectors/{name}}.
 *
 * <p>Deny by default: a bearer token of the gateway's issuer (401 without one); an {@code admin}, or
 * a {@code steward} of the department that owns the declaration's dataset (403 for any other role or
 * department). Then {@code 400} for a declaration that cannot be read (the key and why), {@code 409}
 * for a name a file of the declarations folder holds (the operator's files win), {@code 422} naming
 * every rule of the department's confinement it breaks. Each accepted, refused and deleted
 * declaration is one log line with the connector, the department and the user.
 */
@Path("/declarations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "steward"})
public class DeclarationResource {
    private static final Logger LOG = Logger.getLogger(DeclarationResource.class);

    private final StewardDeclarations declarations;
    private final JsonWebToken caller;
    private final Clock clock;

    public DeclarationResource(StewardDeclarations declarations, JsonWebToken caller, Clock clock) {
        this.declarations = declarations;
        this.caller = caller;
        this.clock = clock;
    }

    /** The JSON form of a PUT: the declaration's YAML and the secrets its {@code ${NAME}} placeholders name. */
    public record Sent(String declaration, Map<String, String> secrets) {
    }

    @PUT
    @Path("/{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response putYaml(@PathParam("name") String name, String yaml) {
        return put(name, yaml, Map.of());
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putJson(@PathParam("name") String name, Sent sent) {
        return put(name, sent == null ? null : sent.declaration(),
                sent == null || sent.secrets() == null ? Map.of() : sent.secrets());
    }

    private Response put(String name, String yaml, Map<String, String> secrets) {
        String department = "?";
        try {
            if (!DeclarationFile.NAME.matcher(name).matches()) {
                throw new Refusal(400, "invalid-name", "Not a connector name", List.of(new Refusal.FieldError("name",
                        "expected lower-case letters, digits, '.', '-' or '_' (" + DeclarationFile.NAME.pattern() + ")")));
            }
            if (yaml == null || yaml.isBlank()) {
                throw new Refusal(400, "unreadable-declaration", "No declaration", List.of(new Refusal.FieldError("",
                        "expected the declaration's YAML as the body")));
            }
            ConnectorDeclaration declaration = declarations.read(name, yaml, secrets);
            department = declaration.dataset().owner();
            if (!declaration.name().equals(name)) {
                throw new Refusal(400, "name-mismatch", "The declaration names another connector", List.of(
                        new Refusal.FieldError("name", "expected '" + name + "' as in the path, found '"
                                + declaration.name() + "'")));
            }
            Optional<ApiDeclaration> earlier = declarations.stored(name);
            if (!mayDeclareFor(department) || earlier.isPresent() && !mayDeclareFor(earlier.get().department())) {
                throw new Refusal(403, "not-owner-steward", "Only a steward of the dataset's owner department may "
                        + "declare its connectors", List.of(new Refusal.FieldError("dataset", declaration.dataset().id()
                        + " is owned by " + department)));
            }
            if (declarations.declaredInFolder(name)) {
                throw new Refusal(409, "declared-in-folder", "A file of the runtime's declarations folder declares "
                        + "this connector", List.of(new Refusal.FieldError("name", "'" + name + "' is the operator's; "
                        + "choose another name")));
            }
            List<String> breaches = new java.util.ArrayList<>(declarations.breaches(declaration, department));
            if (!secrets.isEmpty() && !declarations.canSeal()) {
                breaches.add("secrets: this runtime has no datarun.connectors.api.secrets-key to seal them with; the "
                        + "operator must set one");
            }
            if (!breaches.isEmpty()) {
                throw new Refusal(422, "declaration-not-confined", "The declaration breaks its department's confinement",
                        breaches.stream().map(Refusal.FieldError::of).toList());
            }
            StewardDeclarations.Stored stored = declarations.store(name, department, yaml, secrets, user(), clock.instant());
            LOG.infof("declaration connector=%s department=%s user=%s outcome=accepted offset=%d", name, department, user(),
                    stored.offset());
            return Response.status(earlier.isPresent() ? 200 : 201).entity(view(stored.declaration())).build();
        } catch (Refusal refusal) {
            LOG.infof("declaration connector=%s department=%s user=%s outcome=refused status=%d code=%s fields=%s", name,
                    department, user(), refusal.status(), refusal.code(),
                    refusal.errors().stream().map(Refusal.FieldError::field).toList());
            return problem(refusal);
        }
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name) {
        return declarations.stored(name).filter(d -> mayDeclareFor(d.department()))
                .map(d -> Response.ok(view(d)).build())
                .orElseGet(() -> problem(unknown(name)));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        Optional<ApiDeclaration> stored = declarations.stored(name);
        Refusal refusal = null;
        if (stored.isEmpty() || !mayDeclareFor(stored.get().department())) {
            refusal = declarations.declaredInFolder(name)
                    ? new Refusal(409, "declared-in-folder", "A file of the runtime's declarations folder declares this "
                            + "connector; the operator removes it", List.of())
                    : unknown(name);
        }
        String department = stored.map(ApiDeclaration::department).orElse("?");
        if (refusal != null) {
            LOG.infof("declaration connector=%s department=%s user=%s outcome=refused status=%d code=%s", name,
                    department, user(), refusal.status(), refusal.code());
            return problem(refusal);
        }
        long offset = declarations.delete(name);
        LOG.infof("declaration connector=%s department=%s user=%s outcome=deleted offset=%d", name, department, user(),
                offset);
        return Response.noContent().build();
    }

    /** An admin may declare for any department, a steward for their own. */
    private boolean mayDeclareFor(String department) {
        if (caller.getGroups().contains("admin")) {
            return true;
        }
        return caller.getClaim("dept") instanceof String dept && dept.equals(department);
    }

    private String user() {
        String name = caller.getName();
        return name == null ? "?" : name;
    }

    /** Another department's declaration is as unknown as one never sent. */
    private static Refusal unknown(String name) {
        return new Refusal(404, "unknown-declaration", "No such declaration", List.of(new Refusal.FieldError("name",
                "no declaration named '" + name + "' was sent through the API for your department")));
    }

    private static Map<String, Object> view(ApiDeclaration declaration) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", declaration.name());
        view.put("department", declaration.department());
        view.put("user", declaration.user());
        view.put("at", declaration.at());
        view.put("declaration", declaration.declaration());
        view.put("secrets", declaration.secretNames()); // names only: the values stay sealed
        return view;
    }

    private static Response problem(Refusal refusal) {
        Map<String, Object> body = Problems.body(refusal.code(), refusal.getMessage(), refusal.status(), null);
        body.put("errors", refusal.errors().stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return Problems.response(body);
    }
}
