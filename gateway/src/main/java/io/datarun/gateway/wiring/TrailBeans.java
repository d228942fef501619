package io.datarun.gateway.wiring;

import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.directory.Directory;
import io.datarun.gateway.grants.GrantBook;
import io.datarun.gateway.trail.AccessTrailService;
import io.datarun.schemas.catalog.SchemaRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The names directory and the resident's access trail. */
public class TrailBeans {

    @Produces
    @ApplicationScoped
    Directory directory(GrantBook book, SchemaRegistry registry) {
        return new Directory(book.departments(), book.purposes(), registry);
    }

    @Produces
    @ApplicationScoped
    AccessTrailService accessTrail(KafkaClients kafka, Directory directory, AuditedOperation audited) {
        return new AccessTrailService(kafka, directory, audited);
    }
}
