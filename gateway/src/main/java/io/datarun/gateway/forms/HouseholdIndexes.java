package io.datarun.gateway.forms;

import io.datarun.gateway.store.IndexedField;
import io.datarun.gateway.store.TopologyPart;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The forms' households as indexes of the serving stores: every household a form lists is found by
 * its dataset's {@code by} field (a household number), so that field is indexed and a household view
 * looks its members up instead of decoding every record of the dataset. No streams or stores of its
 * own: the index is kept beside the dataset's records table.
 */
@ApplicationScoped
public class HouseholdIndexes implements TopologyPart {
    private final FormCatalog forms;

    public HouseholdIndexes(FormCatalog forms) {
        this.forms = forms;
    }

    @Override
    public List<IndexedField> indexedFields() {
        return forms.all().stream().flatMap(form -> form.household().stream())
                .map(household -> new IndexedField(household.dataset(), household.by())).distinct().toList();
    }
}
