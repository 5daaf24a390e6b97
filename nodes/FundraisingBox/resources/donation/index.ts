import { resourceModule } from '../../../shared/resourceModule';
import { createDonation } from './create';
import { getDonation } from './get';
import { getManyDonations } from './getAll';

export const donationResource = resourceModule({ name: 'Donation', value: 'donation', description: 'A single donation or payment' }, [
	createDonation,
	getDonation,
	getManyDonations,
]);
